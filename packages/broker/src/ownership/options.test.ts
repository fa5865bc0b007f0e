import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { brokerOptionsFromEnv } from '../options/env.ts'
import { signingJwk } from '../test-support/harness.ts'

const valid = async (): Promise<BrokerOptions> => ({
  apiKey: 'a-valid-api-key',
  allowedOrigins: ['https://app.example.com'],
  signingKey: await signingJwk('k1'),
  clientIp: () => '192.0.2.1',
  ownership: {},
})

function refusal(create: () => unknown): { code: string; detail: string } | undefined {
  try {
    create()
  } catch (error) {
    if (!(error instanceof BrokerError)) return { code: 'not a BrokerError', detail: '' }
    return { code: error.code, detail: error.detail ?? '' }
  }
  return undefined
}

const env = async (vars: Record<string, string>) => ({
  APIVIDEO_API_KEY: 'a-valid-api-key',
  KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
  ALLOWED_ORIGINS: 'https://app.example.com',
  ...vars,
})

describe('ownership mode, checked at start', () => {
  it('starts with its defaults, with anonymous readers, and with a custom key', async () => {
    const options = await valid()
    expect(refusal(() => createBroker(options))).toBeUndefined()
    const readers = { ...options, anonymousScopes: ['videos:read' as const] }
    expect(refusal(() => createBroker(readers))).toBeUndefined()
    const custom = { ...options, ownership: { metadataKey: 'app:owner', cacheSize: 0 } }
    expect(refusal(() => createBroker(custom))).toBeUndefined()
  })

  it.each([
    'videos:write',
    'videos:delete',
    'videos:upload',
    'livestreams:write',
    'players:delete',
    'admin',
  ] as const)(
    'refuses to start when anonymous callers may have %s, naming ANONYMOUS_SCOPES',
    async (scope) => {
      const options = { ...(await valid()), anonymousScopes: ['videos:read' as const, scope] }
      const refused = refusal(() => createBroker(options))
      expect(refused?.code).toBe('invalid_config')
      expect(refused?.detail).toContain('ANONYMOUS_SCOPES')
      expect(refused?.detail).toContain(scope)
    }
  )

  it('refuses passthrough mode, and a fixed user scope list that makes every user an admin', async () => {
    const passthrough = { ...(await valid()), tokenMode: 'passthrough' as const }
    expect(refusal(() => createBroker(passthrough))?.detail).toContain('TOKEN_MODE')
    const { d: _, ...userKey } = await signingJwk('user')
    const everyoneAdmin: BrokerOptions = {
      ...(await valid()),
      userJwt: {
        key: userKey,
        issuer: 'https://id.example.com',
        audience: 'app',
        scopes: ['videos:read', 'admin'],
      },
    }
    expect(refusal(() => createBroker(everyoneAdmin))?.detail).toContain('USER_JWT_SCOPES')
  })

  it.each<[string, unknown]>([
    ['an empty key', { metadataKey: '' }],
    ['a key with brackets', { metadataKey: 'owner]' }],
    ['a key with surrounding spaces', { metadataKey: ' owner' }],
    ['a negative cache time', { cacheTtlSeconds: -1 }],
    ['a cache time above a day', { cacheTtlSeconds: 86_401 }],
    ['a fractional cache size', { cacheSize: 1.5 }],
    ['a string', 'metadata'],
  ])('refuses %s', async (_, ownership) => {
    const options = { ...(await valid()), ownership } as BrokerOptions
    expect(refusal(() => createBroker(options))?.code).toBe('invalid_config')
  })

  it('maps OWNERSHIP and OWNERSHIP_METADATA_KEY, off by default', async () => {
    expect(brokerOptionsFromEnv(await env({})).ownership).toBeUndefined()
    expect(brokerOptionsFromEnv(await env({ OWNERSHIP: 'off' })).ownership).toBe(false)
    expect(brokerOptionsFromEnv(await env({ OWNERSHIP: 'metadata' })).ownership).toEqual({})
    const keyed = await env({ OWNERSHIP: 'metadata', OWNERSHIP_METADATA_KEY: 'app:owner' })
    expect(brokerOptionsFromEnv(keyed).ownership).toEqual({ metadataKey: 'app:owner' })
  })

  it.each<[Record<string, string>, string]>([
    [{ OWNERSHIP: 'on' }, 'OWNERSHIP must be metadata or off'],
    [{ OWNERSHIP_METADATA_KEY: 'app:owner' }, 'OWNERSHIP_METADATA_KEY needs OWNERSHIP=metadata'],
  ])('refuses %j, naming the variable', async (vars, detail) => {
    const built = await env(vars)
    expect(refusal(() => brokerOptionsFromEnv(built))?.detail).toContain(detail)
  })

  it('refuses ANONYMOUS_SCOPES with writes under OWNERSHIP=metadata, from the environment too', async () => {
    const vars = await env({ OWNERSHIP: 'metadata', ANONYMOUS_SCOPES: 'videos:read,videos:upload' })
    const refused = refusal(() =>
      createBroker({ ...brokerOptionsFromEnv(vars), clientIp: () => null })
    )
    expect(refused?.code).toBe('invalid_config')
    expect(refused?.detail).toContain('(ANONYMOUS_SCOPES) may not include videos:upload')
  })
})

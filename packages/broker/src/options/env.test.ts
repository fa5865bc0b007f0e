import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import type { BrokerError } from '../errors.ts'
import { signingJwk } from '../test-support/harness.ts'
import { brokerOptionsFromEnv, vaultOptionsFromEnv } from './env.ts'

describe('options from environment variables', () => {
  it('maps the Worker vars and secrets', async () => {
    const current = await signingJwk('new')
    const previous = await signingJwk('old')
    const limiter = { limit: async () => ({ success: true }) }
    const options = brokerOptionsFromEnv({
      APIVIDEO_API_KEY: 'the-key',
      KEYWARD_SIGNING_KEY: JSON.stringify(current),
      KEYWARD_PREVIOUS_SIGNING_KEY: JSON.stringify([previous]),
      APIVIDEO_BASE_URL: 'https://sandbox.api.video',
      APIVIDEO_UPLOAD_HOST: '127.0.0.1:8443',
      ALLOWED_ORIGINS: ' https://a.example.com, https://b.example.com ,',
      ANONYMOUS_SCOPES: 'videos:read,videos:upload',
      TOKEN_MODE: 'passthrough',
      TOKEN_TTL_SECONDS: '120',
      UPLOAD_TOKEN_TTL_SECONDS: '90',
      RATE_LIMIT_PERIOD_SECONDS: '10',
      RATE_LIMITER: limiter,
      LOG_LEVEL: 'warn',
    })
    expect(options).toMatchObject({
      apiKey: 'the-key',
      signingKey: [current, previous],
      apiBaseUrl: 'https://sandbox.api.video',
      uploadApiHost: '127.0.0.1:8443',
      allowedOrigins: ['https://a.example.com', 'https://b.example.com'],
      anonymousScopes: ['videos:read', 'videos:upload'],
      tokenMode: 'passthrough',
      tokenTtlSeconds: 120,
      uploadTokenTtlSeconds: 90,
      rateLimit: { limiter, periodSeconds: 10 },
      logLevel: 'warn',
    })
  })

  it('maps user JWT verification', async () => {
    const options = brokerOptionsFromEnv({
      APIVIDEO_API_KEY: 'k',
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
      USER_JWT_JWKS_URL: 'https://id.example.com/jwks',
      USER_JWT_ISSUER: 'https://id.example.com',
      USER_JWT_AUDIENCE: 'app',
      USER_JWT_SCOPES: 'videos:read',
    })
    expect(options.userJwt).toEqual({
      jwksUrl: 'https://id.example.com/jwks',
      issuer: 'https://id.example.com',
      audience: 'app',
      scopes: ['videos:read'],
    })
  })

  it('turns rate limiting off with RATE_LIMIT_REQUESTS=0', async () => {
    const options = brokerOptionsFromEnv({
      APIVIDEO_API_KEY: 'k',
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
      RATE_LIMIT_REQUESTS: '0',
    })
    expect(options.rateLimit).toBe(false)
  })

  it('names a missing secret and never echoes a malformed one', () => {
    const error = (env: Record<string, string>) => {
      try {
        brokerOptionsFromEnv(env)
      } catch (caught) {
        return caught as BrokerError
      }
      throw new Error('expected a failure')
    }
    expect(error({ KEYWARD_SIGNING_KEY: '{}' })).toMatchObject({ code: 'invalid_config' })
    expect(error({ KEYWARD_SIGNING_KEY: '{}' }).message).toContain('APIVIDEO_API_KEY')
    const malformed = error({
      APIVIDEO_API_KEY: 'k',
      KEYWARD_SIGNING_KEY: '{"d":"very-secret-d-value"',
    })
    expect(malformed.code).toBe('invalid_config')
    expect(malformed.message).toContain('KEYWARD_SIGNING_KEY')
    expect(malformed.message).not.toContain('very-secret-d-value')
    expect(
      error({ APIVIDEO_API_KEY: 'k', KEYWARD_SIGNING_KEY: '{}', TOKEN_TTL_SECONDS: '5m' }).code
    ).toBe('invalid_config')
  })

  it('names every missing or invalid variable at once, one per line, with the Worker hint', () => {
    let detail = ''
    try {
      brokerOptionsFromEnv({
        TOKEN_TTL_SECONDS: '5m',
        TOKEN_MODE: 'cookie',
        ANONYMOUS_SCOPES: 'all',
      })
    } catch (error) {
      detail = (error as BrokerError).detail ?? ''
    }
    const lines = detail.split('\n')
    expect(lines).toHaveLength(5)
    for (const [index, name] of [
      'APIVIDEO_API_KEY',
      'KEYWARD_SIGNING_KEY',
      'ANONYMOUS_SCOPES',
      'TOKEN_MODE',
      'TOKEN_TTL_SECONDS',
    ].entries()) {
      expect(
        lines.some((line) => line.startsWith(name)),
        `${index}: ${name}`
      ).toBe(true)
    }
    expect(detail).toContain('npx wrangler secret put APIVIDEO_API_KEY')
  })

  it('maps DPoP and the public URL, and names a bad DPOP value', async () => {
    const base = {
      APIVIDEO_API_KEY: 'k',
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
    }
    expect(brokerOptionsFromEnv(base).dpop).toBeUndefined()
    const options = brokerOptionsFromEnv({
      ...base,
      DPOP: 'required',
      DPOP_PROOF_WINDOW_SECONDS: '30',
      DPOP_NONCE_SECRET: 'a-dpop-nonce-secret-of-at-least-32-bytes',
      DPOP_NONCE_STEP_SECONDS: '120',
      PUBLIC_URL: 'https://broker.example.com',
    })
    expect(options).toMatchObject({
      dpop: {
        mode: 'required',
        proofWindowSeconds: 30,
        nonce: { secret: 'a-dpop-nonce-secret-of-at-least-32-bytes', stepSeconds: 120 },
      },
      publicUrl: 'https://broker.example.com',
    })
    const badOnes = [
      { DPOP: 'always' },
      { DPOP_NONCE_STEP_SECONDS: '60' },
      { PUBLIC_URL: 'https://broker.example.com/keyward' },
    ]
    for (const bad of badOnes) {
      const error = (() => {
        try {
          brokerOptionsFromEnv({ ...base, ...bad })
        } catch (caught) {
          return caught as BrokerError
        }
        return undefined
      })()
      expect(error?.code).toBe('invalid_config')
      expect(error?.detail).toMatch(/^(DPOP|PUBLIC_URL)/)
    }
  })

  it('names the variable when createBroker refuses a value it maps, with the fix', async () => {
    const base = {
      APIVIDEO_API_KEY: 'k',
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('k1')),
    }
    const { kid: _, ...keyWithoutKid } = await signingJwk('k1')
    const detailOf = (env: Record<string, string>) => {
      try {
        createBroker(brokerOptionsFromEnv({ ...base, ...env }))
      } catch (error) {
        expect((error as BrokerError).code).toBe('invalid_config')
        return (error as BrokerError).detail ?? ''
      }
      return 'accepted'
    }
    expect(detailOf({ APIVIDEO_UPLOAD_HOST: 'https://upload.example.com' })).toContain(
      'APIVIDEO_UPLOAD_HOST'
    )
    const userJwt = { USER_JWT_ISSUER: 'https://id.example.com', USER_JWT_AUDIENCE: 'app' }
    expect(detailOf({ ...userJwt, USER_JWT_JWKS_URL: 'http://id.example.com/jwks' })).toContain(
      'USER_JWT_JWKS_URL'
    )
    expect(detailOf({ DPOP: 'required', DPOP_PROOF_WINDOW_SECONDS: '600' })).toContain(
      'DPOP_PROOF_WINDOW_SECONDS'
    )
    expect(detailOf({ DPOP: 'required', DPOP_NONCE_SECRET: 'short' })).toContain(
      'DPOP_NONCE_SECRET'
    )
    expect(
      detailOf({
        DPOP: 'required',
        DPOP_NONCE_SECRET: 'x'.repeat(32),
        DPOP_NONCE_STEP_SECONDS: '0',
      })
    ).toContain('DPOP_NONCE_STEP_SECONDS')
    const noKid = detailOf({ KEYWARD_SIGNING_KEY: JSON.stringify(keyWithoutKid) })
    expect(noKid).toContain('KEYWARD_SIGNING_KEY')
    expect(noKid).toContain('generate-key')
  })

  it('maps the vault options from the same vars, and nothing the vault does not need', () => {
    const options = vaultOptionsFromEnv({
      APIVIDEO_API_KEY: ' the-key ',
      APIVIDEO_BASE_URL: 'https://sandbox.api.video',
      KEYWARD_SIGNING_KEY: '{}',
      TOKEN_MODE: 'passthrough',
      LOG_LEVEL: 'warn',
    })
    expect(options).toEqual({
      apiKey: 'the-key',
      apiBaseUrl: 'https://sandbox.api.video',
      logLevel: 'warn',
    })
    expect(() => vaultOptionsFromEnv({ APIVIDEO_BASE_URL: 'https://ws.api.video' })).toThrow(
      expect.objectContaining({ code: 'invalid_config' })
    )
  })
})

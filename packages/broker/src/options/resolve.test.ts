import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import { signingJwk } from '../test-support/harness.ts'
import type { BrokerOptions } from './broker-options.ts'

const valid = async (): Promise<BrokerOptions> => ({
  apiKey: 'a-valid-api-key',
  allowedOrigins: ['https://app.example.com'],
  signingKey: await signingJwk('k1'),
})

// A P-256 public key's shape; its coordinates are not checked at start.
const USER_KEY = { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ' }
const USER_JWT = { issuer: 'https://id.example.com', audience: 'app' }

function codeOf(create: () => unknown): string | undefined {
  try {
    create()
  } catch (error) {
    return error instanceof BrokerError ? error.code : 'not a BrokerError'
  }
  return undefined
}

describe('options, validated at start', () => {
  it('accepts a minimal configuration', async () => {
    const options = await valid()
    expect(codeOf(() => createBroker(options))).toBeUndefined()
  })

  it.each<[string, Partial<BrokerOptions> | Record<string, unknown>]>([
    ['a missing API key', { apiKey: '' }],
    ['an API key with spaces', { apiKey: 'a key' }],
    ['a base URL that is not a URL', { apiBaseUrl: 'ws.api.video' }],
    ['a base URL with credentials', { apiBaseUrl: 'https://user:pass@ws.api.video' }],
    ['a wildcard origin', { allowedOrigins: ['*'] }],
    ['an origin with a path', { allowedOrigins: ['https://app.example.com/'] }],
    ['origins that are not a list', { allowedOrigins: 'https://app.example.com' }],
    ['a missing signing key', { signingKey: undefined }],
    ['a token lifetime of 0', { tokenTtlSeconds: 0 }],
    ['a token lifetime above an hour', { tokenTtlSeconds: 7200 }],
    ['an upload token TTL of 0 (no expiry)', { uploadTokenTtlSeconds: 0 }],
    ['an unknown anonymous scope', { anonymousScopes: ['videos:everything'] }],
    ['an unknown token mode', { tokenMode: 'cookie' }],
    ['an upload host with a scheme', { uploadApiHost: 'https://ws.api.video' }],
    ['a user JWT check without issuer', { userJwt: { key: USER_KEY, audience: 'a' } }],
    [
      'a user JWT key without its public members',
      { userJwt: { ...USER_JWT, key: { kty: 'RSA' } } },
    ],
    [
      'a user JWT key of an unknown type',
      { userJwt: { ...USER_JWT, key: { kty: 'oct', k: 'c2VjcmV0' } } },
    ],
    ['a private user JWT key', { userJwt: { ...USER_JWT, key: { ...USER_KEY, d: 'private' } } }],
    ['an empty user JWT key set', { userJwt: { ...USER_JWT, key: { keys: [] } } }],
    [
      'a user JWT check with both key and URL',
      { userJwt: { key: {}, jwksUrl: 'https://x', issuer: 'i', audience: 'a' } },
    ],
    [
      'a user JWT JWKS over plain http',
      { userJwt: { jwksUrl: 'http://id.example.com/jwks', issuer: 'i', audience: 'a' } },
    ],
    [
      'a user JWT check allowing HS256',
      { userJwt: { jwksUrl: 'https://x', issuer: 'i', audience: 'a', algorithms: ['HS256'] } },
    ],
    ['a rate limit of 0 requests', { rateLimit: { requests: 0 } }],
    ['a limiter without limit()', { rateLimit: { limiter: {} } }],
    ['too many retries', { upstreamRetries: 10 }],
    ['an unknown log level', { logLevel: 'debug' }],
    ['an unknown DPoP mode', { dpop: 'sometimes' }],
    ['a DPoP proof window of 10 minutes', { dpop: { mode: 'required', proofWindowSeconds: 600 } }],
    [
      'a DPoP nonce secret under 32 bytes',
      { dpop: { mode: 'required', nonce: { secret: 'short' } } },
    ],
    ['DPoP with passthrough tokens', { dpop: 'optional', tokenMode: 'passthrough' }],
    ['a publicUrl with a path', { publicUrl: 'https://broker.example.com/keyward' }],
    ['a publicUrl that is not http(s)', { publicUrl: 'ftp://broker.example.com' }],
  ])('refuses %s with invalid_config', async (_, change) => {
    const options = { ...(await valid()), ...change } as BrokerOptions
    expect(codeOf(() => createBroker(options))).toBe('invalid_config')
  })

  it('accepts a static user JWT key, alone or as a key set', async () => {
    for (const key of [USER_KEY, { keys: [USER_KEY, { kty: 'OKP', crv: 'Ed25519', x: 'eA' }] }]) {
      const options = { ...(await valid()), userJwt: { ...USER_JWT, key } } as BrokerOptions
      expect(codeOf(() => createBroker(options))).toBeUndefined()
    }
  })

  it('names the secret to set when the API key is missing', async () => {
    const options = { ...(await valid()), apiKey: '' }
    expect(() => createBroker(options)).toThrow(/APIVIDEO_API_KEY/)
  })
})

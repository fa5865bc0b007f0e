import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

describe('the Worker in workerd', () => {
  it('publishes the public signing key without its private part', async () => {
    const res = await exports.default.fetch('https://broker.test/.well-known/jwks.json')
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> }
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ kid: 'workers-test', alg: 'EdDSA', kty: 'OKP' })
    expect(keys[0]).not.toHaveProperty('d')
  })

  it('refuses a token to an origin that is not on the allow-list', async () => {
    const res = await exports.default.fetch('https://broker.test/v1/token', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ code: 'origin_not_allowed' })
  })
})

import { createEmulator } from '@keyward/apivideo-emulator'
import { exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { createBroker } from './broker.ts'

const ORIGIN = 'https://app.example.com'

async function setup() {
  const emulator = createEmulator({ apiKey: 'secret-api-key-123' })
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  const app = createBroker({
    apiKey: 'secret-api-key-123',
    apiBaseUrl: 'http://apivideo.test',
    allowedOrigins: [ORIGIN],
    signingKey: { ...(await exportJWK(privateKey)), kid: 'k1' },
    anonymousScopes: ['videos:read'],
    fetch: emulator.fetch,
  })
  return { emulator, app }
}

async function token(app: Awaited<ReturnType<typeof setup>>['app'], origin = ORIGIN) {
  return app.request('/v1/token', { method: 'POST', headers: { origin } })
}

describe('walking skeleton', () => {
  it('gives an allowed origin a short-lived token and lists videos through the proxy', async () => {
    const { app, emulator } = await setup()
    const res = await token(app)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { access_token: string; expires_in: number }
    expect(body.expires_in).toBe(300)
    const list = await app.request('/v1/api/videos', {
      headers: { authorization: `Bearer ${body.access_token}`, origin: ORIGIN },
    })
    expect(list.status).toBe(200)
    expect(await list.json()).toMatchObject({ data: [] })
    expect(emulator.stats().auth.apiKey.succeeded).toBe(1)
  })

  it('refuses a token to an origin that is not allowed', async () => {
    const { app } = await setup()
    const res = await token(app, 'https://evil.example')
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'origin_not_allowed' })
  })
})

import { createEmulator } from '@keyward/apivideo-emulator'
import { Context } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { signingJwk } from '../test-support/harness.ts'
import { serve } from './serve.ts'

const ORIGIN = 'http://localhost:5173'

describe('the Node entry', () => {
  it('serves the same broker over HTTP, configured from the Worker variables', async () => {
    const emulator = createEmulator({ rateLimits: false })
    const lines: Array<Record<string, unknown>> = []
    const serving = await serve({
      port: 0,
      env: {
        APIVIDEO_API_KEY: emulator.apiKey,
        KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
        APIVIDEO_BASE_URL: 'https://apivideo.test',
        ALLOWED_ORIGINS: ORIGIN,
        ANONYMOUS_SCOPES: 'videos:read',
      },
      broker: {
        fetch: emulator.fetch,
        logger: {
          info: (event, fields) => lines.push({ event, ...fields }),
          warn: () => undefined,
          error: () => undefined,
        },
      },
    })
    // Node has no `waitUntil`, and finding that out must not cost a thrown Error per request.
    const executionCtx = vi.spyOn(Context.prototype, 'executionCtx', 'get')
    try {
      expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(lines).toContainEqual({ event: 'broker.listening', url: serving.url })
      const jwks = await fetch(`${serving.url}/.well-known/jwks.json`)
      expect(await jwks.json()).toMatchObject({ keys: [{ kid: 'node' }] })
      const token = await fetch(`${serving.url}/v1/token`, {
        method: 'POST',
        headers: { origin: ORIGIN },
      })
      const { access_token } = (await token.json()) as { access_token: string }
      const videos = await fetch(`${serving.url}/v1/api/videos`, {
        headers: { origin: ORIGIN, authorization: `Bearer ${access_token}` },
      })
      expect(videos.status).toBe(200)
      expect(videos.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      expect(executionCtx).toHaveBeenCalled()
      expect(executionCtx.mock.results.filter((result) => result.type === 'throw')).toEqual([])
    } finally {
      executionCtx.mockRestore()
      await serving.close()
    }
  })

  it('rate limits an anonymous caller by the address of its socket', async () => {
    const keys: string[] = []
    const serving = await serve({
      port: 0,
      env: {
        APIVIDEO_API_KEY: 'node-test-api-key',
        KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
        ALLOWED_ORIGINS: ORIGIN,
        ANONYMOUS_SCOPES: 'videos:read',
      },
      broker: {
        fetch: createEmulator({ rateLimits: false }).fetch,
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        rateLimit: {
          limiter: {
            limit: ({ key }) => {
              keys.push(key)
              return { success: keys.length < 2, retryAfterSeconds: 7 }
            },
          },
        },
      },
    })
    try {
      const ask = () =>
        fetch(`${serving.url}/v1/token`, { method: 'POST', headers: { origin: ORIGIN } })
      expect((await ask()).status).toBe(200)
      const refused = await ask()
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('7')
      expect(keys).toEqual(['token:anonymous:127.0.0.1', 'token:anonymous:127.0.0.1'])
    } finally {
      await serving.close()
    }
  })

  it('refuses to start on a configuration error, naming the variable', async () => {
    await expect(serve({ port: 0, env: { KEYWARD_SIGNING_KEY: '{}' } })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('APIVIDEO_API_KEY'),
    })
  })
})

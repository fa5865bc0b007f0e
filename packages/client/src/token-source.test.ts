import { describe, expect, it } from 'vitest'
import { createTokenSource } from './token-source.ts'

function fakeBroker() {
  let calls = 0
  const fetch: typeof globalThis.fetch = async () => {
    calls++
    return Response.json({ access_token: `t${calls}`, token_type: 'Bearer', expires_in: 300 })
  }
  return { fetch, calls: () => calls }
}

describe('createTokenSource', () => {
  it('shares one fetch among concurrent callers and caches the token', async () => {
    const broker = fakeBroker()
    const tokens = createTokenSource({ url: 'https://broker.test/v1/token', fetch: broker.fetch })
    const results = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])
    expect(results.map((t) => t.accessToken)).toEqual(['t1', 't1', 't1'])
    await tokens.getToken()
    expect(broker.calls()).toBe(1)
  })
})

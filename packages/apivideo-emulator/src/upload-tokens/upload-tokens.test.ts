import { describe, expect, it } from 'vitest'
import { atomDate } from '../clock.ts'
import { call, createUploadToken, jsonOf, setup, slugOf, T0 } from '../test-support/harness.ts'

describe('POST /upload-tokens', () => {
  it('creates a token that never expires by default, with expiresAt null and a 200', async () => {
    const res = await call(setup(), '/upload-tokens', { json: {} })
    expect(res.status).toBe(200)
    const body = await jsonOf(res)
    expect(body).toEqual({
      token: expect.stringMatching(/^to[0-9A-Za-z]{22}$/),
      ttl: 0,
      createdAt: atomDate(T0),
      expiresAt: null,
    })
  })

  it('sets expiresAt to createdAt plus ttl seconds', async () => {
    const body = await jsonOf(await call(setup(), '/upload-tokens', { json: { ttl: 3600 } }))
    expect(body).toMatchObject({ ttl: 3600, expiresAt: atomDate(T0 + 3600_000) })
  })

  it.each([[-1], [1.5], ['60'], [2_147_483_648], [null]])(
    'rejects ttl %j with invalid-attribute',
    async (ttl) => {
      const res = await call(setup(), '/upload-tokens', { json: { ttl } })
      expect(res.status).toBe(400)
      expect(await jsonOf(res)).toMatchObject({ name: 'ttl', problems: [{ name: 'ttl' }] })
    }
  )

  it('requires a JSON object body', async () => {
    const empty = await call(setup(), '/upload-tokens', { method: 'POST' })
    expect(empty.status).toBe(400)
    expect(await slugOf(empty)).toBe('invalid-payload')
    const array = await call(setup(), '/upload-tokens', { json: [] })
    expect(await slugOf(array)).toBe('invalid-payload')
  })

  it('refuses a caller without credentials', async () => {
    const res = await call(setup(), '/upload-tokens', { json: {}, auth: false })
    expect(res.status).toBe(401)
    expect(await slugOf(res)).toBe('authentication-missing-authorization-header')
  })
})

describe('GET /upload-tokens', () => {
  it('lists active tokens in the documented envelope with relative links', async () => {
    const emulator = setup()
    await createUploadToken(emulator, 60)
    await createUploadToken(emulator, 0)
    const body = await jsonOf<{ data: Array<{ ttl: number }>; pagination: unknown }>(
      await call(emulator, '/upload-tokens')
    )
    expect(body.data.map((token) => token.ttl)).toEqual([60, 0])
    expect(body.pagination).toEqual({
      currentPage: 1,
      currentPageItems: 2,
      pageSize: 25,
      pagesTotal: 1,
      itemsTotal: 2,
      links: [
        { rel: 'self', uri: '/upload-tokens?currentPage=1&pageSize=25' },
        { rel: 'first', uri: '/upload-tokens?currentPage=1&pageSize=25' },
        { rel: 'last', uri: '/upload-tokens?currentPage=1&pageSize=25' },
      ],
    })
  })

  it('sorts by ttl descending when asked', async () => {
    const emulator = setup()
    for (const ttl of [5, 500, 50]) await createUploadToken(emulator, ttl)
    const body = await jsonOf<{ data: Array<{ ttl: number }> }>(
      await call(emulator, '/upload-tokens?sortBy=ttl&sortOrder=desc')
    )
    expect(body.data.map((token) => token.ttl)).toEqual([500, 50, 5])
  })

  it('rejects an unknown sortBy with invalid-query-parameter', async () => {
    const res = await call(setup(), '/upload-tokens?sortBy=token')
    expect(res.status).toBe(400)
    expect(await slugOf(res)).toBe('invalid-query-parameter')
  })

  it('leaves out expired and deleted tokens', async () => {
    const emulator = setup()
    const expiring = await createUploadToken(emulator, 10)
    const deleted = await createUploadToken(emulator)
    const kept = await createUploadToken(emulator)
    await call(emulator, `/upload-tokens/${deleted}`, { method: 'DELETE' })
    emulator.clock.advance(10_000)
    const body = await jsonOf<{ data: Array<{ token: string }> }>(
      await call(emulator, '/upload-tokens')
    )
    expect(body.data.map((token) => token.token)).toEqual([kept])
    expect(body.data.map((token) => token.token)).not.toContain(expiring)
  })
})

describe('GET and DELETE /upload-tokens/{uploadToken}', () => {
  it('returns a token, deletes it with a 204, then answers 404', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator, 0)
    const got = await call(emulator, `/upload-tokens/${token}`)
    expect(got.status).toBe(200)
    expect(await jsonOf(got)).toMatchObject({ token, ttl: 0, expiresAt: null })
    const deleted = await call(emulator, `/upload-tokens/${token}`, { method: 'DELETE' })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    const gone = await call(emulator, `/upload-tokens/${token}`)
    expect(gone.status).toBe(404)
    expect(await jsonOf(gone)).toMatchObject({ name: 'uploadToken', status: 404 })
    const again = await call(emulator, `/upload-tokens/${token}`, { method: 'DELETE' })
    expect(await slugOf(again)).toBe('resource-not-found')
  })

  it('answers 404 for a token past its ttl on the emulator clock', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator, 60)
    emulator.clock.advance(59_000)
    expect((await call(emulator, `/upload-tokens/${token}`)).status).toBe(200)
    emulator.clock.advance(1_000)
    expect((await call(emulator, `/upload-tokens/${token}`)).status).toBe(404)
  })
})

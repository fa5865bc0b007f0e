import { describe, expect, it } from 'vitest'
import { createHarness, createVideo, ORIGIN } from './test-support/harness.ts'

describe('the broker, end to end', () => {
  it('lets an allowed origin get a token, list, create, rename and delete videos through the proxy', async () => {
    const h = await createHarness()
    await createVideo(h, 'Existing')
    const token = await h.token()
    const list = await h.api('/videos', token)
    expect(list.status).toBe(200)
    expect(list.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(await list.json()).toMatchObject({ data: [{ title: 'Existing' }] })

    const created = await h.api('/videos', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'New' }),
    })
    expect(created.status).toBe(201)
    const { videoId } = (await created.json()) as { videoId: string }
    const renamed = await h.api(`/videos/${videoId}`, token, {
      method: 'PATCH',
      body: '{"title":"Renamed"}',
    })
    expect(await renamed.json()).toMatchObject({ videoId, title: 'Renamed' })
    expect((await h.api(`/videos/${videoId}/status`, token)).status).toBe(200)
    expect((await h.api(`/videos/${videoId}`, token, { method: 'DELETE' })).status).toBe(204)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })

  it('answers GET /healthz with a constant, without calling api.video', async () => {
    const h = await createHarness()
    const res = await h.request('/healthz')
    expect(await res.json()).toEqual({ ok: true })
    expect(h.calls).toHaveLength(0)
  })

  it('answers unknown routes with a not_found problem carrying the request id', async () => {
    const h = await createHarness()
    const res = await h.request('/v2/anything', { headers: { 'x-request-id': 'trace-123' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toEqual({
      type: 'urn:keyward:problem:not_found',
      title: 'Not found.',
      status: 404,
      code: 'not_found',
      requestId: 'trace-123',
    })
  })

  it('turns an unexpected failure into a logged internal_error without details', async () => {
    const h = await createHarness({
      broker: {
        authenticate: () => {
          throw new Error('database down at 10.0.0.7')
        },
      },
    })
    const res = await h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(JSON.parse(body)).toMatchObject({ code: 'internal_error' })
    expect(body).not.toContain('10.0.0.7')
    expect(h.logs.find((line) => line.event === 'broker.error')?.fields.error).toContain(
      'database down'
    )
  })
})

import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  accessToken,
  clearFaults,
  emulator,
  fault,
  freshDeployment,
  isolate,
  stats,
} from './deployment.ts'

// The findings of the outside security review that only workerd shows; the rows of
// docs/reliability.md ("Found by the security review") quote these names.

const ALL_SCOPES = 'videos:read,videos:write,videos:delete,videos:upload'

describe('a deeply nested JSON body is a 400, not a 500', () => {
  beforeEach(freshDeployment)

  it('answers 400 json_too_deep in workerd too, forwarding nothing', async () => {
    const worker = isolate({ ANONYMOUS_SCOPES: ALL_SCOPES })
    const token = await accessToken(await worker.token())
    const res = await worker.request('/v1/api/videos', {
      method: 'POST',
      headers: {
        origin: 'https://app.example.com',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: `{"title":"deep","metadata":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    })
    const answered = Object.values((await stats()).routes['POST /videos'] ?? {})
    const forwarded = answered.reduce((sum, count) => sum + count, 0)
    expect({ status: res.status, body: await res.json(), forwarded }).toMatchObject({
      status: 400,
      body: { code: 'json_too_deep' },
      forwarded: 0,
    })
  })
})

describe('the client address is spoofable off Workers', () => {
  beforeEach(freshDeployment)

  it('keys anonymous callers by CF-Connecting-IP on Workers, the header Cloudflare sets', async () => {
    // The Rate Limiting binding of the test config allows 5 per minute and key.
    const worker = isolate({ RATE_LIMIT_REQUESTS: '60' })
    const from = (ip: string) =>
      worker.request('/v1/token', {
        method: 'POST',
        headers: { origin: 'https://app.example.com', 'cf-connecting-ip': ip },
      })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await from('192.0.2.77')).status)
    statuses.push((await from('192.0.2.78')).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 200])
  })
})

describe('a lost DELETE answer becomes a false 404 on Workers', () => {
  beforeEach(freshDeployment)

  it('answers 204 in workerd when api.video deleted the video but the connection dropped', async () => {
    const worker = isolate({ ANONYMOUS_SCOPES: ALL_SCOPES })
    const token = await accessToken(await worker.token())
    const basic = `Basic ${btoa(`${env.APIVIDEO_API_KEY}:`)}`
    const created = await emulator('/videos', {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'to delete' }),
    })
    const { videoId } = (await created.json()) as { videoId: string }
    await fault({ kind: 'drop', method: 'DELETE', path: `/videos/${videoId}`, times: 1 })
    const res = await worker.request(`/v1/api/videos/${videoId}`, {
      method: 'DELETE',
      headers: { origin: 'https://app.example.com', authorization: `Bearer ${token}` },
    })
    await clearFaults()
    const { routes, dropped } = await stats()
    const body = res.status === 204 ? null : await res.json()
    expect({
      status: res.status,
      body,
      deletes: routes['DELETE /videos/{videoId}'],
      dropped,
    }).toEqual({
      status: 204,
      body: null,
      // Sent once, processed once (a 204 nobody received), never replayed.
      deletes: { '204': 1 },
      dropped: 1,
    })
    const gone = await emulator(`/videos/${videoId}`, { headers: { authorization: basic } })
    expect(gone.status).toBe(404)
  })
})

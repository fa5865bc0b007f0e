import { describe, it } from 'vitest'
import { expectRateLimited } from '../test-support/conformance.ts'
import { call, createVideo, jsonOf, setup, uploadForm } from '../test-support/harness.ts'
import { expectConforms } from '../test-support/openapi.ts'

// The summary and webhook operations' real answers, success and error, checked against the
// vendored spec.

describe('summary operations conform to the spec', () => {
  it('POST and GET /summaries: 201, 400, 404, 409 and 429', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    await expectConforms(
      await call(emulator, '/summaries', {
        json: { videoId, origin: 'auto', attributes: ['abstract'] },
      }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { videoId } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { origin: 'manual' } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { videoId: 'vi0000000000000000000000' } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(
        emulator,
        `/summaries?videoId=${videoId}&origin=auto&sourceStatus=waiting&sortBy=videoId`
      ),
      'GET',
      '/summaries'
    )
    await expectConforms(await call(emulator, '/summaries?sourceStatus=done'), 'GET', '/summaries')
    await expectRateLimited('/summaries', 'GET', '/summaries')
  })

  it('GET, PATCH /summaries/{id}/source and DELETE /summaries/{id}: success, 400, 404 and 409', async () => {
    const emulator = setup({ encodingSeconds: 1 })
    const { videoId } = await createVideo(emulator)
    const summary = await jsonOf<{ summaryId: string }>(
      await call(emulator, '/summaries', { json: { videoId, origin: 'auto' } })
    )
    const source = `/summaries/${summary.summaryId}/source`
    const path = '/summaries/{summaryId}/source'
    const patch = (json: unknown, at = source) => call(emulator, at, { method: 'PATCH', json })
    await expectConforms(await call(emulator, source), 'GET', path)
    await expectConforms(await patch({ abstract: 'Too early.' }), 'PATCH', path)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    emulator.clock.advance(2_000)
    await expectConforms(await call(emulator, source), 'GET', path)
    await expectConforms(await patch({ takeaways: ['One.', 'Two.'] }), 'PATCH', path)
    await expectConforms(await patch({ takeaways: ['1', '2', '3', '4'] }), 'PATCH', path)
    await expectConforms(await call(emulator, '/summaries/summary_none/source'), 'GET', path)
    await expectConforms(await patch({}, '/summaries/summary_none/source'), 'PATCH', path)
    const remove = () => call(emulator, `/summaries/${summary.summaryId}`, { method: 'DELETE' })
    await expectConforms(await remove(), 'DELETE', '/summaries/{summaryId}')
    await expectConforms(await remove(), 'DELETE', '/summaries/{summaryId}')
  })
})

describe('webhook operations conform to the spec', () => {
  it('POST and GET /webhooks: 201, 400, 200 filtered and 429', async () => {
    const emulator = setup()
    const create = (json: unknown) => call(emulator, '/webhooks', { json })
    await expectConforms(
      await create({
        events: ['video.encoding.quality.completed'],
        url: 'http://127.0.0.1:9/hook',
      }),
      'POST',
      '/webhooks'
    )
    await expectConforms(await create({}), 'POST', '/webhooks')
    await expectConforms(await create({ events: 'x', url: 'ftp://a' }), 'POST', '/webhooks')
    await expectConforms(
      await call(emulator, '/webhooks?events=video.encoding.quality.completed'),
      'GET',
      '/webhooks'
    )
    await expectConforms(await call(emulator, '/webhooks?currentPage=0'), 'GET', '/webhooks')
    await expectRateLimited('/webhooks', 'GET', '/webhooks')
    await expectRateLimited('/webhooks', 'POST', '/webhooks', { json: {} })
  })

  it('GET and DELETE /webhooks/{webhookId}: 200, 204 and 404', async () => {
    const emulator = setup()
    const { webhookId } = await jsonOf<{ webhookId: string }>(
      await call(emulator, '/webhooks', {
        json: { events: ['video.summary.generated'], url: 'http://localhost/' },
      })
    )
    const path = '/webhooks/{webhookId}'
    await expectConforms(await call(emulator, `/webhooks/${webhookId}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/webhooks/${webhookId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(await call(emulator, `/webhooks/${webhookId}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/webhooks/${webhookId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
  })
})

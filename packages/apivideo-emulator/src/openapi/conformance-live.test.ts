import { describe, expect, it } from 'vitest'
import {
  createLiveStream,
  expectRateLimited,
  FAKE_LIVE,
  FAKE_PLAYER,
} from '../test-support/conformance.ts'
import { call, jsonOf, setup } from '../test-support/harness.ts'
import { GIF_BYTES, imageForm, pngBytes } from '../test-support/images.ts'
import { expectConforms } from '../test-support/openapi.ts'

// The live stream and player theme operations' real answers, success and error, checked
// against the vendored spec.

describe('live stream operations conform to the spec', () => {
  it('POST /live-streams: 200, each documented 400 and 429', async () => {
    const emulator = setup()
    const restream = { name: 'YouTube', serverUrl: 'rtmp://a.example.com/live', streamKey: 'k' }
    const create = (json: unknown) => call(emulator, '/live-streams', { json })
    await expectConforms(
      await create({ name: 'Show', public: false, playerId: FAKE_PLAYER, restreams: [restream] }),
      'POST',
      '/live-streams'
    )
    for (const bad of [
      {},
      { name: 'x', restreams: [{ ...restream, name: '' }] },
      { name: 'x', restreams: [{ ...restream, name: null }] },
      { name: 'x', restreams: [{ ...restream, serverUrl: 'https://a.example.com/live' }] },
      { name: 'x', restreams: [{ ...restream, serverUrl: 'rtmp://a.example.com' }] },
      { name: 'x', restreams: Array.from({ length: 6 }, () => restream) },
    ]) {
      const res = await create(bad)
      expect(res.status).toBe(400)
      await expectConforms(res, 'POST', '/live-streams')
    }
    await expectRateLimited('/live-streams', 'POST', '/live-streams', { json: { name: 'a' } })
  })

  it('GET /live-streams: 200 filtered and paged, 400 and 429', async () => {
    const emulator = setup({ assets: 'local' })
    await createLiveStream(emulator, { name: 'Morning' })
    await createLiveStream(emulator, { name: 'Evening', public: false })
    const list = await call(
      emulator,
      '/live-streams?name=ing&sortBy=name&sortOrder=desc&pageSize=1'
    )
    await expectConforms(list, 'GET', '/live-streams')
    await expectConforms(await call(emulator, '/live-streams?sortBy=size'), 'GET', '/live-streams')
    await expectRateLimited('/live-streams', 'GET', '/live-streams')
  })

  it('GET, PATCH and DELETE /live-streams/{liveStreamId}: success, 400, 404 and 429', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}'
    const at = `/live-streams/${liveStreamId}`
    await expectConforms(await call(emulator, at), 'GET', path)
    await expectConforms(await call(emulator, `/live-streams/${FAKE_LIVE}`), 'GET', path)
    const patch = (json: unknown) => call(emulator, at, { method: 'PATCH', json })
    await expectConforms(await patch({ name: 'Renamed', public: false }), 'PATCH', path)
    await expectConforms(await patch({ restreams: [{ name: 'a' }] }), 'PATCH', path)
    await expectConforms(
      await call(emulator, `/live-streams/${FAKE_LIVE}`, { method: 'PATCH', json: {} }),
      'PATCH',
      path
    )
    await expectConforms(await call(emulator, at, { method: 'DELETE' }), 'DELETE', path)
    await expectConforms(await call(emulator, at, { method: 'DELETE' }), 'DELETE', path)
    await expectRateLimited(`/live-streams/${FAKE_LIVE}`, 'GET', path)
  })

  it('POST and DELETE /live-streams/{liveStreamId}/thumbnail: 201, 200, 400 and 404', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}/thumbnail'
    const upload = (id: string, body: FormData) =>
      call(emulator, `/live-streams/${id}/thumbnail`, { method: 'POST', body })
    await expectConforms(
      await upload(liveStreamId, imageForm(pngBytes(640, 360), 'a.png')),
      'POST',
      path
    )
    await expectConforms(await upload(liveStreamId, imageForm(GIF_BYTES, 'a.gif')), 'POST', path)
    await expectConforms(await upload(FAKE_LIVE, imageForm(pngBytes(1, 1), 'a.png')), 'POST', path)
    const remove = (id: string) =>
      call(emulator, `/live-streams/${id}/thumbnail`, { method: 'DELETE' })
    await expectConforms(await remove(liveStreamId), 'DELETE', path)
    await expectConforms(await remove(FAKE_LIVE), 'DELETE', path)
  })

  it('PUT /live-streams/{liveStreamId}/complete: 202, 404 and 429', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}/complete'
    emulator.startBroadcast(liveStreamId)
    const complete = (id: string) =>
      call(emulator, `/live-streams/${id}/complete`, { method: 'PUT' })
    await expectConforms(await complete(liveStreamId), 'PUT', path)
    await expectConforms(await complete(FAKE_LIVE), 'PUT', path)
    await expectRateLimited(`/live-streams/${FAKE_LIVE}/complete`, 'PUT', path)
  })

  it('GET /videos?liveStreamId= lists a recording with its live stream source', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    emulator.startBroadcast(liveStreamId)
    emulator.stopBroadcast(liveStreamId)
    const body = (await expectConforms(
      await call(emulator, `/videos?liveStreamId=${liveStreamId}`),
      'GET',
      '/videos'
    )) as { data: Array<{ source: unknown }> }
    expect(body.data).toHaveLength(1)
  })
})

describe('player theme operations conform to the spec', () => {
  it('POST and GET /players: 201, 200 paged, 400 and 429', async () => {
    const emulator = setup()
    await expectConforms(
      await call(emulator, '/players', {
        json: { name: 'Dark', text: 'rgba(0, 0, 0, 1)', forceLoop: true },
      }),
      'POST',
      '/players'
    )
    await expectConforms(
      await call(emulator, '/players', { json: { enableApi: 'yes' } }),
      'POST',
      '/players'
    )
    await expectConforms(await call(emulator, '/players?sortBy=name&pageSize=1'), 'GET', '/players')
    await expectConforms(await call(emulator, '/players?pageSize=0'), 'GET', '/players')
    await expectRateLimited('/players', 'GET', '/players')
    await expectRateLimited('/players', 'POST', '/players', { json: {} })
  })

  it('GET, PATCH and DELETE /players/{playerId}: success, 400 and 404', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<{ playerId: string }>(
      await call(emulator, '/players', { json: {} })
    )
    const path = '/players/{playerId}'
    await expectConforms(await call(emulator, `/players/${playerId}`), 'GET', path)
    await expectConforms(await call(emulator, `/players/${FAKE_PLAYER}`), 'GET', path)
    const patch = (id: string, json: unknown) =>
      call(emulator, `/players/${id}`, { method: 'PATCH', json })
    await expectConforms(await patch(playerId, { hideTitle: true }), 'PATCH', path)
    await expectConforms(await patch(playerId, { name: 'x'.repeat(101) }), 'PATCH', path)
    await expectConforms(await patch(FAKE_PLAYER, {}), 'PATCH', path)
    await expectConforms(
      await call(emulator, `/players/${playerId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(
      await call(emulator, `/players/${playerId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
  })

  it('POST and DELETE /players/{playerId}/logo: 201, 204, 400 and 404', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<{ playerId: string }>(
      await call(emulator, '/players', { json: {} })
    )
    const path = '/players/{playerId}/logo'
    const upload = (id: string, body: FormData) =>
      call(emulator, `/players/${id}/logo`, { method: 'POST', body })
    const logo = imageForm(pngBytes(200, 100), 'logo.png', { link: 'https://example.com/' })
    await expectConforms(await upload(playerId, logo), 'POST', path)
    await expectConforms(await upload(playerId, imageForm(GIF_BYTES, 'logo.gif')), 'POST', path)
    await expectConforms(
      await upload(playerId, imageForm(pngBytes(201, 100), 'big.png')),
      'POST',
      path
    )
    await expectConforms(await upload(FAKE_PLAYER, logo), 'POST', path)
    const remove = (id: string) => call(emulator, `/players/${id}/logo`, { method: 'DELETE' })
    await expectConforms(await remove(playerId), 'DELETE', path)
    await expectConforms(await remove(FAKE_PLAYER), 'DELETE', path)
  })
})

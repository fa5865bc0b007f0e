import { describe, expect, it } from 'vitest'
import { UPSTREAM } from '../test-support/harness.ts'
import {
  createOwnedVideo,
  createVideoOf,
  direct,
  OWNER_KEY,
  ownershipHarness,
  problemOf,
  userToken,
} from '../test-support/ownership.ts'

interface Video {
  videoId: string
  title: string
  metadata: { key: string; value: string }[]
}
interface VideoList {
  data: Video[]
}

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body) })

describe('ownership mode at the proxy', () => {
  it("stamps a created video with its creator's sub, next to the caller's own metadata", async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const res = await h.api(
      '/videos',
      alice,
      json({ title: 'Maths', metadata: [{ key: 'course', value: 'maths' }] })
    )
    expect(res.status).toBe(201)
    const video = (await res.json()) as Video
    const stored = (await (await direct(h, `/videos/${video.videoId}`)).json()) as Video
    expect(stored.metadata).toEqual([
      { key: 'course', value: 'maths' },
      { key: OWNER_KEY, value: 'alice' },
    ])
  })

  it("lists only the caller's videos, whatever filter the caller adds", async () => {
    const h = await ownershipHarness()
    const [alice, bob] = [await userToken(h, 'alice'), await userToken(h, 'bob')]
    const mine = await createOwnedVideo(h, alice, 'Cats by Alice')
    await createOwnedVideo(h, bob, 'Cats by Bob')
    await direct(h, '/videos', json({ title: 'Cats by nobody' }))
    for (const query of ['', '?title=Cats', '?sortBy=title&currentPage=1']) {
      const list = (await (await h.api(`/videos${query}`, alice)).json()) as VideoList
      expect(list.data.map((video) => video.videoId)).toEqual([mine])
    }
    const listed = h.apiCalls().filter((call) => call.method === 'GET')
    expect(listed.at(-1)?.url).toBe(
      `${UPSTREAM}/videos?sortBy=title&currentPage=1&metadata%5Bkeyward%3Aowner%5D=alice`
    )
  })

  it('refuses the reserved key in a new video, an update and a list filter, sending none of them', async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const mine = await createOwnedVideo(h, alice)
    const before = h.apiCalls().length
    const claims = [{ key: OWNER_KEY, value: 'alice' }]
    const answers = [
      await h.api('/videos', alice, json({ title: 'x', metadata: claims })),
      await h.api(`/videos/${mine}`, alice, json({ metadata: claims }, 'PATCH')),
      await h.api(
        `/videos/${mine}`,
        alice,
        json({ metadata: [{ key: 'Keyward:Owner', value: 'bob' }] }, 'PATCH')
      ),
      await h.api('/videos?metadata%5Bkeyward%3Aowner%5D=bob', alice),
      await h.api('/videos?metadata[keyward:owner]=bob', alice),
      await h.api('/discarded/videos?metadata[keyward%3Aowner]=bob', alice),
    ]
    for (const res of answers) {
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'reserved_metadata' })
    }
    // The owner of a video created here is known: nothing at all reached api.video.
    expect(h.apiCalls().slice(before)).toEqual([])
  })

  it("keeps the owner entry through an update that replaces the video's metadata", async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const mine = await createOwnedVideo(h, alice)
    const res = await h.api(
      `/videos/${mine}`,
      alice,
      json({ metadata: [{ key: 'course', value: 'physics' }] }, 'PATCH')
    )
    expect(res.status).toBe(200)
    expect(((await res.json()) as Video).metadata).toEqual([
      { key: 'course', value: 'physics' },
      { key: OWNER_KEY, value: 'alice' },
    ])
    const cleared = await h.api(`/videos/${mine}`, alice, json({ metadata: [] }, 'PATCH'))
    expect(((await cleared.json()) as Video).metadata).toEqual([{ key: OWNER_KEY, value: 'alice' }])
    const list = (await (await h.api('/videos', alice)).json()) as VideoList
    expect(list.data.map((video) => video.videoId)).toEqual([mine])
  })

  it("answers someone else's, nobody's and a missing video with the same 404", async () => {
    const h = await ownershipHarness()
    const [alice, bob] = [await userToken(h, 'alice'), await userToken(h, 'bob')]
    const bobs = await createOwnedVideo(h, bob)
    const created = await direct(h, '/videos', json({ title: 'nobody' }))
    const nobodys = ((await created.json()) as Video).videoId
    const answers = []
    for (const id of [bobs, nobodys, 'vi0000000000000000000000']) {
      const res = await h.api(`/videos/${id}`, alice)
      expect(res.status).toBe(404)
      answers.push({ headers: [...res.headers.keys()].sort(), problem: await problemOf(res) })
    }
    expect(answers[0]).toMatchObject({ problem: { code: 'not_found' } })
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect((await h.api(`/videos/${bobs}`, bob)).status).toBe(200)
  })

  it('reads an owner at most once per video and isolate within the cache time, and again after a delete', async () => {
    const h = await ownershipHarness()
    const [alice, bob] = [await userToken(h, 'alice'), await userToken(h, 'bob')]
    const bobs = await createVideoOf(h, 'bob')
    const lookups = () =>
      h
        .apiCalls()
        .filter((call) => call.method === 'GET' && call.url === `${UPSTREAM}/videos/${bobs}`).length
    await Promise.all(Array.from({ length: 5 }, () => h.api(`/videos/${bobs}/status`, alice)))
    await h.api(`/videos/${bobs}`, alice, json({ title: 'mine now' }, 'PATCH'))
    expect(lookups()).toBe(1)
    h.advance(300_000)
    await h.api(`/videos/${bobs}`, alice)
    expect(lookups()).toBe(2)
    // Bob's own delete evicts: the next call finds out the video is gone.
    expect((await h.api(`/videos/${bobs}`, bob, { method: 'DELETE' })).status).toBe(204)
    const gone = await h.api(`/videos/${bobs}/status`, bob)
    expect(gone.status).toBe(404)
    expect(await gone.json()).toMatchObject({ code: 'not_found' })
  })

  it('lets an owner find, restore and list their discarded videos, and nobody else', async () => {
    const h = await ownershipHarness()
    const [alice, bob] = [await userToken(h, 'alice'), await userToken(h, 'bob')]
    const mine = await createOwnedVideo(h, alice)
    await createOwnedVideo(h, bob).then((id) => h.api(`/videos/${id}`, bob, { method: 'DELETE' }))
    expect((await h.api(`/videos/${mine}`, alice, { method: 'DELETE' })).status).toBe(204)
    expect((await h.api(`/discarded/videos/${mine}`, bob)).status).toBe(404)
    const listed = (await (await h.api('/discarded/videos', alice)).json()) as VideoList
    expect(listed.data.map((video) => video.videoId)).toEqual([mine])
    expect((await h.api(`/discarded/videos/${mine}`, alice)).status).toBe(200)
    const restored = await h.api(
      `/discarded/videos/${mine}`,
      alice,
      json({ discarded: false }, 'PATCH')
    )
    expect(restored.status).toBe(200)
    expect((await h.api(`/videos/${mine}`, alice)).status).toBe(200)
  })

  it('refuses account-wide families to callers without admin, before any upstream call', async () => {
    const h = await ownershipHarness()
    const scope = 'videos:read livestreams:read players:read watermarks:read analytics:read'
    const alice = await userToken(h, 'alice', scope)
    for (const path of [
      '/live-streams',
      '/players',
      '/watermarks',
      '/tags',
      '/summaries',
      '/summaries/summary_0123456789abcdefABCDEF/source',
      '/data/metrics/play/count',
    ]) {
      const res = await h.api(path, alice)
      expect(res.status, path).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'ownership_admin_only' })
    }
    expect(h.apiCalls()).toHaveLength(0)
  })

  it('lets an admin see every video and act on any of them, keeping their owners', async () => {
    const h = await ownershipHarness()
    const bob = await userToken(h, 'bob')
    const admin = await userToken(h, 'root', 'videos:read videos:write livestreams:read admin')
    const bobs = await createOwnedVideo(h, bob)
    await direct(h, '/videos', json({ title: 'nobody' }))
    const all = (await (await h.api('/videos', admin)).json()) as VideoList
    expect(all.data).toHaveLength(2)
    const byOwner = await h.api('/videos?metadata[keyward:owner]=bob', admin)
    expect(((await byOwner.json()) as VideoList).data.map((video) => video.videoId)).toEqual([bobs])
    const edited = await h.api(`/videos/${bobs}`, admin, json({ metadata: [] }, 'PATCH'))
    expect(((await edited.json()) as Video).metadata).toEqual([{ key: OWNER_KEY, value: 'bob' }])
    const stolen = await h.api(
      `/videos/${bobs}`,
      admin,
      json({ metadata: [{ key: OWNER_KEY, value: 'root' }] }, 'PATCH')
    )
    expect(await stolen.json()).toMatchObject({ code: 'reserved_metadata' })
    expect((await h.api('/live-streams', admin)).status).toBe(200)
  })

  it('tells anonymous callers to sign in: they own no video', async () => {
    const h = await ownershipHarness()
    const anonymous = await h.token('videos:read')
    for (const path of ['/videos', '/videos/vi0000000000000000000000', '/discarded/videos']) {
      const res = await h.api(path, anonymous)
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'ownership_sign_in_required' })
    }
    expect(h.apiCalls()).toHaveLength(0)
  })

  it('checks the video a summary is for, and the video a copy is made from', async () => {
    const h = await ownershipHarness({ broker: { allowSensitiveFields: ['source'] } })
    const [alice, bob] = [await userToken(h, 'alice'), await userToken(h, 'bob')]
    const [mine, bobs] = [await createOwnedVideo(h, alice), await createOwnedVideo(h, bob)]
    const summary = await h.api('/summaries', alice, json({ videoId: bobs }))
    expect(await summary.json()).toMatchObject({ code: 'not_found' })
    expect(await (await h.api(`/summaries?videoId=${bobs}`, alice)).json()).toMatchObject({
      code: 'not_found',
    })
    expect((await h.api(`/summaries?videoId=${mine}`, alice)).status).toBe(200)
    // A second videoId (api.video would read the last) breaks the contract: nothing is sent.
    const twice = await h.api(`/summaries?videoId=${mine}&videoId=${bobs}`, alice)
    expect(twice.status).toBe(400)
    expect(await twice.json()).toMatchObject({ code: 'invalid_request' })
    const copy = await h.api('/videos', alice, json({ title: 'copy', source: bobs }))
    expect(await copy.json()).toMatchObject({ code: 'not_found' })
    const own = await h.api('/videos', alice, json({ title: 'copy', source: mine }))
    expect(own.status).toBe(201)
    const copied = (await own.json()) as Video
    expect(copied.metadata).toContainEqual({ key: OWNER_KEY, value: 'alice' })
  })

  it('sends nothing and remembers nothing when the owner lookup fails upstream', async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const mine = await createVideoOf(h, 'alice')
    h.emulator.faults.add({ kind: 'error', method: 'GET', path: `/videos/${mine}`, times: 1 })
    const before = h.apiCalls().length
    const failed = await h.api(`/videos/${mine}`, alice, json({ title: 'new' }, 'PATCH'))
    expect(failed.status).toBe(502)
    expect(await failed.json()).toMatchObject({ code: 'upstream_error' })
    expect(
      h
        .apiCalls()
        .slice(before)
        .map((call) => call.method)
    ).toEqual(['GET'])
    expect((await h.api(`/videos/${mine}`, alice, json({ title: 'new' }, 'PATCH'))).status).toBe(
      200
    )
  })

  it('forgets a video another isolate deleted once api.video answers 404 for it', async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const mine = await createOwnedVideo(h, alice)
    expect((await h.api(`/videos/${mine}`, alice)).status).toBe(200)
    await direct(h, `/videos/${mine}`, { method: 'DELETE' })
    // The remembered owner admits the call; api.video's own 404 reaches the owner, and evicts.
    const first = await h.api(`/videos/${mine}/status`, alice)
    expect(first.status).toBe(404)
    expect(await first.json()).toMatchObject({ code: 'upstream_rejected' })
    const lookupsBefore = h.apiCalls().filter((call) => call.url === `${UPSTREAM}/videos/${mine}`)
    const second = await h.api(`/videos/${mine}/status`, alice)
    expect(await second.json()).toMatchObject({ code: 'not_found' })
    const lookupsAfter = h.apiCalls().filter((call) => call.url === `${UPSTREAM}/videos/${mine}`)
    expect(lookupsAfter.length).toBe(lookupsBefore.length + 1)
  })
})

import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator.ts'
import { type CallInit, call, createVideo, setup } from '../test-support/harness.ts'
import {
  fileForm,
  GIF,
  mp4Header,
  newVideoId,
  PNG,
  postFile,
  uploadCaption,
  uploadWatermark,
  VTT,
} from '../test-support/media.ts'
import { expectConforms } from '../test-support/openapi.ts'

// Real answers of the thumbnail, caption, chapter, watermark, tag and discarded-video operations,
// success and every documented error, checked against the vendored spec.

const FAKE_VIDEO = 'vi0000000000000000000000'
const LIMITED = { rateLimits: { reads: 1, writes: 1, uploads: 1 } }

/** The same request twice on an emulator allowing one per method class: the second is a 429. */
async function throttled(path: string, init: CallInit = {}): Promise<Response> {
  const emulator = setup(LIMITED)
  await call(emulator, path, init)
  return call(emulator, path, init)
}

const vtt = () => fileForm(VTT, { filename: 'en.vtt' })

describe('thumbnail operations conform to the spec', () => {
  const path = '/videos/{videoId}/thumbnail'

  it('POST /videos/{videoId}/thumbnail: 200, 400, 404 and 429', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await expectConforms(
      await postFile(emulator, `/videos/${videoId}/thumbnail`, PNG),
      'POST',
      path
    )
    await expectConforms(
      await postFile(emulator, `/videos/${videoId}/thumbnail`, GIF),
      'POST',
      path
    )
    await expectConforms(
      await postFile(emulator, `/videos/${FAKE_VIDEO}/thumbnail`, PNG),
      'POST',
      path
    )
    const body = fileForm(PNG)
    await expectConforms(
      await throttled(`/videos/${FAKE_VIDEO}/thumbnail`, { method: 'POST', body }),
      'POST',
      path
    )
  })

  it('PATCH /videos/{videoId}/thumbnail: 200, 400, 404 and 429', async () => {
    const emulator = setup({ assets: 'local' })
    const videoId = await newVideoId(emulator, { public: false })
    const pick = (id: string, json: unknown) =>
      call(emulator, `/videos/${id}/thumbnail`, { method: 'PATCH', json })
    await expectConforms(await pick(videoId, { timecode: '00:00:01.000' }), 'PATCH', path)
    await expectConforms(await pick(videoId, { timecode: 'later' }), 'PATCH', path)
    await expectConforms(await pick(FAKE_VIDEO, { timecode: '1' }), 'PATCH', path)
    await expectConforms(
      await throttled(`/videos/${FAKE_VIDEO}/thumbnail`, { method: 'PATCH', json: {} }),
      'PATCH',
      path
    )
  })
})

describe('a length read from the file conforms to the spec', () => {
  it('GET /videos/{videoId}/status: 200 with encoding.metadata.duration', async () => {
    const emulator = setup({ encodingSeconds: 0 })
    const videoId = await newVideoId(emulator)
    await postFile(emulator, `/videos/${videoId}/source`, mp4Header(61), 'clip.mp4')
    const status = await expectConforms(
      await call(emulator, `/videos/${videoId}/status`),
      'GET',
      '/videos/{videoId}/status'
    )
    expect(status).toMatchObject({ encoding: { metadata: { duration: 61 } } })
  })
})

describe('caption operations conform to the spec', () => {
  const one = '/videos/{videoId}/captions/{language}'

  it('POST and GET a caption: 200, both language 400s, 404 and 429', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await expectConforms(await uploadCaption(emulator, videoId, 'sr-Cyrl'), 'POST', one)
    await expectConforms(await uploadCaption(emulator, videoId, 'en_GB'), 'POST', one)
    await expectConforms(await uploadCaption(emulator, videoId, 'xx'), 'POST', one)
    const srt = await postFile(emulator, `/videos/${videoId}/captions/en`, 'no', 'en.srt')
    await expectConforms(srt, 'POST', one)
    await expectConforms(await uploadCaption(emulator, FAKE_VIDEO, 'en'), 'POST', one)
    const body = vtt()
    await expectConforms(
      await throttled(`/videos/${videoId}/captions/en`, { method: 'POST', body }),
      'POST',
      one
    )
    await expectConforms(await call(emulator, `/videos/${videoId}/captions/sr-Cyrl`), 'GET', one)
    await expectConforms(await call(emulator, `/videos/${videoId}/captions/fr`), 'GET', one)
    await expectConforms(await call(emulator, `/videos/${videoId}/captions/f.r`), 'GET', one)
    await expectConforms(await throttled(`/videos/${videoId}/captions/en`), 'GET', one)
  })

  it('PATCH and DELETE a caption: 200, 204, 400, 404 and 429', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await uploadCaption(emulator, videoId, 'en')
    const patch = (language: string, json: unknown) =>
      call(emulator, `/videos/${videoId}/captions/${language}`, { method: 'PATCH', json })
    await expectConforms(await patch('en', { default: true }), 'PATCH', one)
    await expectConforms(await patch('en', { default: 1 }), 'PATCH', one)
    await expectConforms(await patch('fr', { default: true }), 'PATCH', one)
    await expectConforms(
      await throttled(`/videos/${videoId}/captions/en`, { method: 'PATCH', json: {} }),
      'PATCH',
      one
    )
    const remove = (language: string) =>
      call(emulator, `/videos/${videoId}/captions/${language}`, { method: 'DELETE' })
    await expectConforms(await remove('en'), 'DELETE', one)
    await expectConforms(await remove('en'), 'DELETE', one)
    await expectConforms(await remove('e n'), 'DELETE', one)
    await expectConforms(
      await throttled(`/videos/${videoId}/captions/en`, { method: 'DELETE' }),
      'DELETE',
      one
    )
  })

  it('GET /videos/{videoId}/captions: 200, 404 and 429', async () => {
    const emulator = setup({ assets: 'local' })
    const videoId = await newVideoId(emulator)
    for (const language of ['en', 'fr', 'de']) await uploadCaption(emulator, videoId, language)
    const path = '/videos/{videoId}/captions'
    await expectConforms(
      await call(emulator, `/videos/${videoId}/captions?pageSize=2`),
      'GET',
      path
    )
    await expectConforms(await call(emulator, `/videos/${FAKE_VIDEO}/captions`), 'GET', path)
    await expectConforms(await throttled(`/videos/${videoId}/captions`), 'GET', path)
  })
})

describe('chapter operations conform to the spec', () => {
  const one = '/videos/{videoId}/chapters/{language}'
  const upload = (emulator: Emulator, videoId: string, language: string) =>
    call(emulator, `/videos/${videoId}/chapters/${language}`, { method: 'POST', body: vtt() })

  it('POST, GET and DELETE a chapter: 200, 204, 400, 404 and 429', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await expectConforms(await upload(emulator, videoId, 'en'), 'POST', one)
    await expectConforms(await upload(emulator, videoId, 'e@'), 'POST', one)
    await expectConforms(await upload(emulator, FAKE_VIDEO, 'en'), 'POST', one)
    await expectConforms(
      await throttled(`/videos/${videoId}/chapters/en`, { method: 'POST', body: vtt() }),
      'POST',
      one
    )
    await expectConforms(await call(emulator, `/videos/${videoId}/chapters/en`), 'GET', one)
    await expectConforms(await call(emulator, `/videos/${videoId}/chapters/fr`), 'GET', one)
    await expectConforms(await throttled(`/videos/${videoId}/chapters/en`), 'GET', one)
    const remove = () => call(emulator, `/videos/${videoId}/chapters/en`, { method: 'DELETE' })
    await expectConforms(await remove(), 'DELETE', one)
    await expectConforms(await remove(), 'DELETE', one)
    await expectConforms(
      await throttled(`/videos/${videoId}/chapters/en`, { method: 'DELETE' }),
      'DELETE',
      one
    )
  })

  it('GET /videos/{videoId}/chapters: 200, 404 and 429', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await upload(emulator, videoId, 'fr')
    const path = '/videos/{videoId}/chapters'
    await expectConforms(await call(emulator, `/videos/${videoId}/chapters`), 'GET', path)
    await expectConforms(await call(emulator, `/videos/${FAKE_VIDEO}/chapters`), 'GET', path)
    await expectConforms(await throttled(`/videos/${videoId}/chapters`), 'GET', path)
  })
})

describe('watermark operations conform to the spec', () => {
  it('POST and GET /watermarks: 200, 400 and 429', async () => {
    const emulator = setup()
    await expectConforms(await postFile(emulator, '/watermarks', PNG), 'POST', '/watermarks')
    await expectConforms(await postFile(emulator, '/watermarks', GIF), 'POST', '/watermarks')
    const body = fileForm(PNG)
    await expectConforms(
      await throttled('/watermarks', { method: 'POST', body }),
      'POST',
      '/watermarks'
    )
    await expectConforms(await call(emulator, '/watermarks?sortOrder=desc'), 'GET', '/watermarks')
    await expectConforms(await call(emulator, '/watermarks?pageSize=0'), 'GET', '/watermarks')
    await expectConforms(await throttled('/watermarks'), 'GET', '/watermarks')
  })

  it('DELETE /watermarks/{watermarkId}: 204, 404 and 429', async () => {
    const emulator = setup()
    const watermarkId = await uploadWatermark(emulator)
    const path = '/watermarks/{watermarkId}'
    const remove = () => call(emulator, `/watermarks/${watermarkId}`, { method: 'DELETE' })
    await expectConforms(await remove(), 'DELETE', path)
    await expectConforms(await remove(), 'DELETE', path)
    await expectConforms(
      await throttled(`/watermarks/${watermarkId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
  })

  it('POST /videos with a watermark: 201, and 400 for an unknown one', async () => {
    const emulator = setup()
    const watermarkId = await uploadWatermark(emulator)
    const create = (id: string) =>
      call(emulator, '/videos', { json: { title: 'W', watermark: { id, bottom: '5%' } } })
    await expectConforms(await create(watermarkId), 'POST', '/videos')
    await expectConforms(await create('watermark_nope'), 'POST', '/videos')
  })
})

describe('tag operations conform to the spec', () => {
  it('GET /tags: 200, 400 and 429', async () => {
    const emulator = setup()
    await createVideo(emulator, 'T', { tags: ['maths', 'tutorials'] })
    await expectConforms(await call(emulator, '/tags?value=math&sortBy=videoCount'), 'GET', '/tags')
    await expectConforms(await call(emulator, '/tags?sortOrder=up'), 'GET', '/tags')
    await expectConforms(await throttled('/tags'), 'GET', '/tags')
  })
})

describe('discarded video operations conform to the spec', () => {
  async function withDiscarded() {
    const emulator = setup({ videoRestore: true })
    const { videoId } = await createVideo(emulator, 'D', { tags: ['t'], language: 'en' })
    await expectConforms(
      await call(emulator, `/videos/${videoId}`, { method: 'DELETE' }),
      'DELETE',
      '/videos/{videoId}'
    )
    return { emulator, videoId }
  }

  it('GET /discarded/videos: 200, 400 and 429', async () => {
    const { emulator } = await withDiscarded()
    const path = '/discarded/videos'
    await expectConforms(await call(emulator, '/discarded/videos?sortBy=title'), 'GET', path)
    await expectConforms(await call(emulator, '/discarded/videos?currentPage=0'), 'GET', path)
    await expectConforms(await throttled('/discarded/videos'), 'GET', path)
  })

  it('GET and PATCH /discarded/videos/{videoId}: 200, 400, 404 and 429', async () => {
    const { emulator, videoId } = await withDiscarded()
    const path = '/discarded/videos/{videoId}'
    await expectConforms(await call(emulator, `/discarded/videos/${videoId}`), 'GET', path)
    await expectConforms(await call(emulator, `/discarded/videos/${FAKE_VIDEO}`), 'GET', path)
    await expectConforms(await throttled(`/discarded/videos/${videoId}`), 'GET', path)
    const patch = (id: string, json: unknown) =>
      call(emulator, `/discarded/videos/${id}`, { method: 'PATCH', json })
    await expectConforms(await patch(videoId, { discarded: true }), 'PATCH', path)
    await expectConforms(await patch(FAKE_VIDEO, { discarded: false }), 'PATCH', path)
    const restored = await expectConforms(await patch(videoId, { discarded: false }), 'PATCH', path)
    await expectConforms(
      await throttled(`/discarded/videos/${videoId}`, { method: 'PATCH', json: {} }),
      'PATCH',
      path
    )
    await expectConforms(
      await call(emulator, `/videos/${(restored as { videoId: string }).videoId}`),
      'GET',
      '/videos/{videoId}'
    )
  })
})

describe('the media deviations let through only what they describe', () => {
  const headers = {
    'content-type': 'application/json',
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-retry-after': '1',
  }
  const fake = (body: unknown) => new Response(JSON.stringify(body), { headers })

  it('accepts assets: null on a discarded video only', async () => {
    const video = { videoId: 'vi1', discarded: true, assets: null }
    await expectConforms(fake(video), 'GET', '/discarded/videos/{videoId}')
    await expectConforms(
      fake({ data: [video], pagination: { links: [] } }),
      'GET',
      '/discarded/videos'
    )
    await expect(
      expectConforms(fake({ ...video, discarded: false }), 'GET', '/discarded/videos/{videoId}')
    ).rejects.toThrow()
    await expect(
      expectConforms(fake({ videoId: 'vi1', assets: null }), 'GET', '/videos/{videoId}')
    ).rejects.toThrow()
  })

  it('fails a caption or watermark of the wrong shape', async () => {
    await expect(
      expectConforms(
        fake({ srclang: 'en', default: 'no' }),
        'GET',
        '/videos/{videoId}/captions/{language}'
      )
    ).rejects.toThrow()
    await expect(
      expectConforms(fake({ data: [{ value: 'a', videoCount: '3' }] }), 'GET', '/tags')
    ).rejects.toThrow()
  })
})

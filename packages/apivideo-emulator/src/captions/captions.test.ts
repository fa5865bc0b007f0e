import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { newVideoId, postFile, uploadCaption, VTT } from '../test-support/media.ts'

type Caption = { uri: string; src: string; srclang: string; languageName: string; default: boolean }
type List = { data: Caption[]; pagination: { itemsTotal: number; pagesTotal: number } }

describe('captions', () => {
  it('stores one WebVTT file per language, under its canonical tag and native name', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const res = await uploadCaption(emulator, videoId, 'fr-ca')
    expect(res.status).toBe(200)
    expect(await jsonOf(res)).toEqual({
      uri: `/videos/${videoId}/captions/fr-CA`,
      src: `https://cdn.api.video/vod/${videoId}/captions/fr-CA.vtt`,
      srclang: 'fr-CA',
      languageName: 'Français (Canada)',
      default: false,
    })
    const got = await jsonOf<Caption>(await call(emulator, `/videos/${videoId}/captions/fr-CA`))
    expect(got.srclang).toBe('fr-CA')
    await uploadCaption(emulator, videoId, 'zh-Hans-CN')
    await uploadCaption(emulator, videoId, 'fr-CA')
    const list = await jsonOf<List>(await call(emulator, `/videos/${videoId}/captions?pageSize=1`))
    expect(list.pagination).toMatchObject({ itemsTotal: 2, pagesTotal: 2 })
    expect(list.data.map((c) => c.srclang)).toEqual(['fr-CA'])
  })

  it('keeps one default caption per video', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    for (const language of ['en', 'fr', 'de']) await uploadCaption(emulator, videoId, language)
    const setDefault = (language: string, value: unknown) =>
      call(emulator, `/videos/${videoId}/captions/${language}`, {
        method: 'PATCH',
        json: { default: value },
      })
    expect(await jsonOf(await setDefault('en', true))).toMatchObject({ default: true })
    await setDefault('fr', true)
    const defaults = async () =>
      (await jsonOf<List>(await call(emulator, `/videos/${videoId}/captions`))).data
        .filter((caption) => caption.default)
        .map((caption) => caption.srclang)
    expect(await defaults()).toEqual(['fr'])
    await setDefault('fr', false)
    expect(await defaults()).toEqual([])
    expect(await slugOf(await setDefault('en', 'yes'))).toBe('invalid-attribute')
  })

  it('refuses what is not WebVTT and languages it does not cover, with the documented 400s', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const srt = '1\n00:00:01,000 --> 00:00:04,000\nHello\n'
    const notVtt = await postFile(emulator, `/videos/${videoId}/captions/en`, srt, 'en.srt')
    expect(await slugOf(notVtt)).toBe('uploaded-file-invalid-file')
    const formatting = await jsonOf(await uploadCaption(emulator, videoId, 'fr_CA'))
    expect(formatting).toMatchObject({ name: 'language', status: 400 })
    expect(String(formatting.detail)).toMatch(/only letters and dashes/)
    for (const language of ['xx', 'en-XX', 'de-DE-1996']) {
      const unknown = await jsonOf(await uploadCaption(emulator, videoId, language))
      expect(unknown).toMatchObject({ detail: 'The "language" attribute is not valid.' })
    }
    const list = await jsonOf<List>(await call(emulator, `/videos/${videoId}/captions`))
    expect(list.data).toEqual([])
  })

  it('deletes a caption, then answers 404 for it, and 404 for an unknown video', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    await uploadCaption(emulator, videoId, 'en')
    const remove = () => call(emulator, `/videos/${videoId}/captions/en`, { method: 'DELETE' })
    expect((await remove()).status).toBe(204)
    expect(await jsonOf(await remove())).toMatchObject({ status: 404, name: 'language' })
    const unknown = await call(emulator, '/videos/vi0000000000000000000000/captions')
    expect(await jsonOf(unknown)).toMatchObject({ status: 404, name: 'videoId' })
  })

  it('serves the file at its local src, and forgets it when the video is deleted', async () => {
    const emulator = setup({ assets: 'local' })
    const videoId = await newVideoId(emulator)
    const { src } = await jsonOf<Caption>(await uploadCaption(emulator, videoId, 'en'))
    const file = await emulator.fetch(src)
    expect(file.headers.get('content-type')).toBe('text/vtt; charset=utf-8')
    expect(await file.text()).toBe(VTT.replace('\uFEFF', ''))
    expect(emulator.stats().resources.captions).toBe(1)
    await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })
    expect(emulator.stats().resources.captions).toBe(0)
  })
})

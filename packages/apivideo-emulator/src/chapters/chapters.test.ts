import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { newVideoId, postFile, VTT } from '../test-support/media.ts'

const upload = (emulator: ReturnType<typeof setup>, videoId: string, language: string) =>
  postFile(emulator, `/videos/${videoId}/chapters/${language}`, VTT, `${language}.vtt`)

describe('chapters', () => {
  it('uploads, gets, lists and deletes one WebVTT chapter file per language', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const res = await upload(emulator, videoId, 'fr')
    expect(res.status).toBe(200)
    expect(await jsonOf(res)).toEqual({
      uri: `/videos/${videoId}/chapters/fr`,
      src: `https://cdn.api.video/vod/${videoId}/chapters/fr.vtt`,
      language: 'fr',
    })
    await upload(emulator, videoId, 'EN')
    const list = await jsonOf<{ data: Array<{ language: string }> }>(
      await call(emulator, `/videos/${videoId}/chapters`)
    )
    expect(list.data.map((chapter) => chapter.language)).toEqual(['fr', 'en'])
    expect((await call(emulator, `/videos/${videoId}/chapters/en`)).status).toBe(200)
    const remove = () => call(emulator, `/videos/${videoId}/chapters/en`, { method: 'DELETE' })
    expect((await remove()).status).toBe(204)
    expect((await remove()).status).toBe(404)
    expect((await call(emulator, `/videos/${videoId}/chapters/en`)).status).toBe(404)
  })

  it('refuses a file that is not WebVTT, a bad language and an unknown video', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const notVtt = await postFile(emulator, `/videos/${videoId}/chapters/en`, 'chapters', 'c.txt')
    expect(await slugOf(notVtt)).toBe('uploaded-file-invalid-file')
    expect(await jsonOf(await upload(emulator, videoId, 'en!'))).toMatchObject({
      status: 400,
      name: 'language',
    })
    const unknown = await upload(emulator, 'vi0000000000000000000000', 'en')
    expect(unknown.status).toBe(404)
  })
})

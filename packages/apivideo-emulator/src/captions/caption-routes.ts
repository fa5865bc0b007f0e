import { type Context, Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { type TextTrackDeps, textTrackHelpers } from '../media/text-track-routes.ts'
import type { TextTrack } from '../media/text-track-store.ts'
import { paginate, readPage } from '../pagination.ts'
import { readBoolean, Violations } from '../validation.ts'

/** The documented Caption object (OpenAPI schema `caption`). */
export interface Caption {
  uri: string
  src: string
  srclang: string
  languageName: string
  default: boolean
}

/**
 * `/videos/{videoId}/captions[/{language}]` (docs "Adding captions"): one WebVTT file per
 * language, at most one of them the default. Mounted under `/videos`; auth is applied outside.
 */
export function captionRoutes(deps: TextTrackDeps) {
  const { tracks, options } = deps
  const track = textTrackHelpers(deps)
  const render = (c: Context, videoId: string, caption: TextTrack): Caption => ({
    uri: `/videos/${videoId}/captions/${caption.language}`,
    src: track.src(c, videoId, 'captions', caption.language),
    srclang: caption.language,
    languageName: caption.nativeName,
    default: caption.isDefault,
  })
  const app = new Hono()

  app.get('/:videoId/captions', (c) => {
    const videoId = track.videoOf(c)
    const url = new URL(c.req.url)
    const page = readPage(url)
    const all = tracks.list(videoId).map((caption) => render(c, videoId, caption))
    return c.json(paginate(all, page, url))
  })

  app.post('/:videoId/captions/:language', async (c) => {
    const { videoId, language } = track.target(c)
    const vtt = await track.readVtt(c)
    return c.json(render(c, videoId, tracks.put(videoId, language, vtt)), 200)
  })

  app.get('/:videoId/captions/:language', (c) => {
    const { videoId, language } = track.target(c)
    return c.json(render(c, videoId, track.existing(videoId, language.tag)))
  })

  app.patch('/:videoId/captions/:language', async (c) => {
    const { videoId, language } = track.target(c)
    const caption = track.existing(videoId, language.tag)
    const errors = new Violations()
    const isDefault = readBoolean(
      await readJsonObject(c.req.raw, options.maxJsonBytes),
      'default',
      errors
    )
    errors.throwIfAny()
    const updated =
      isDefault === undefined ? caption : tracks.setDefault(videoId, language.tag, isDefault)
    return c.json(render(c, videoId, updated ?? caption))
  })

  app.delete('/:videoId/captions/:language', (c) => {
    const { videoId, language } = track.target(c)
    track.existing(videoId, language.tag)
    tracks.delete(videoId, language.tag)
    return c.body(null, 204)
  })

  return app
}

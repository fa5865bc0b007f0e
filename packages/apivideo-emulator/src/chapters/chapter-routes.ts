import { type Context, Hono } from 'hono'
import { type TextTrackDeps, textTrackHelpers } from '../media/text-track-routes.ts'
import type { TextTrack } from '../media/text-track-store.ts'
import { paginate, readPage } from '../pagination.ts'

/** The documented Chapter object (OpenAPI schema `chapter`). */
export interface Chapter {
  uri: string
  src: string
  language: string
}

/**
 * `/videos/{videoId}/chapters[/{language}]` (docs "Create and manage chapters"): one WebVTT file
 * per language. Mounted under `/videos`; auth is applied outside.
 */
export function chapterRoutes(deps: TextTrackDeps) {
  const { tracks } = deps
  const track = textTrackHelpers(deps)
  const render = (c: Context, videoId: string, chapter: TextTrack): Chapter => ({
    uri: `/videos/${videoId}/chapters/${chapter.language}`,
    src: track.src(c, videoId, 'chapters', chapter.language),
    language: chapter.language,
  })
  const app = new Hono()

  app.get('/:videoId/chapters', (c) => {
    const videoId = track.videoOf(c)
    const url = new URL(c.req.url)
    const page = readPage(url)
    const all = tracks.list(videoId).map((chapter) => render(c, videoId, chapter))
    return c.json(paginate(all, page, url))
  })

  app.post('/:videoId/chapters/:language', async (c) => {
    const { videoId, language } = track.target(c)
    const vtt = await track.readVtt(c)
    return c.json(render(c, videoId, tracks.put(videoId, language, vtt)), 200)
  })

  app.get('/:videoId/chapters/:language', (c) => {
    const { videoId, language } = track.target(c)
    return c.json(render(c, videoId, track.existing(videoId, language.tag)))
  })

  app.delete('/:videoId/chapters/:language', (c) => {
    const { videoId, language } = track.target(c)
    track.existing(videoId, language.tag)
    tracks.delete(videoId, language.tag)
    return c.body(null, 204)
  })

  return app
}

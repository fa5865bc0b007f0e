import { Hono } from 'hono'
import { enumParam, paginate, readPage } from '../pagination.ts'
import type { VideoStore } from '../videos/video-store.ts'

/** One entry of `GET /tags` (OAS `list-tags-response`). */
export interface TagCount {
  value: string
  videoCount: number
}

/**
 * `GET /tags`: the tags of the project's videos with how many videos carry each (docs "Video tags
 * and metadata"). `value` matches partial values ignoring accents and case; sort by `value`
 * (default, alphabetical) or `videoCount`. Discarded videos are not in the video store, so their
 * tags are not counted. Auth is applied outside.
 */
export function tagRoutes(videos: VideoStore) {
  const app = new Hono()
  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const key = enumParam(url, 'sortBy', ['value', 'videoCount'] as const) ?? 'value'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const search = fold(url.searchParams.get('value') ?? '')
    const counts = new Map<string, number>()
    for (const video of videos.list()) {
      for (const tag of new Set(video.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1)
    }
    const sign = order === 'asc' ? 1 : -1
    const tags = [...counts]
      .map(([value, videoCount]): TagCount => ({ value, videoCount }))
      .filter((tag) => fold(tag.value).includes(search))
      .sort((a, b) => {
        const byValue = compareText(a.value, b.value)
        const primary = key === 'value' ? byValue : a.videoCount - b.videoCount
        // Equal counts keep alphabetical order whichever the direction.
        return primary === 0 ? byValue : sign * primary
      })
    return c.json(paginate(tags, page, url))
  })
  return app
}

/** Lower case without accents: "Été" and "ete" match (Unicode canonical decomposition). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

function compareText(a: string, b: string): number {
  return fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : a < b ? -1 : a > b ? 1 : 0
}

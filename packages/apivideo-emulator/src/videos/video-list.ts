import { enumParam, sortBy } from '../pagination.ts'
import type { VideoRecord } from './video-store.ts'

const SORT_KEYS = ['title', 'createdAt', 'publishedAt', 'updatedAt'] as const

/**
 * The filters and order of `GET /videos` (OAS `LIST-videos`): `title` and `description` match
 * when they contain the term, `tags[]` must all be present, `metadata[key]=value` must all match,
 * `liveStreamId` matches the recordings of that live stream. Default order: creation, oldest first.
 */
export function filterVideos(videos: VideoRecord[], url: URL): VideoRecord[] {
  const key = enumParam(url, 'sortBy', SORT_KEYS) ?? 'createdAt'
  const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
  const query = url.searchParams
  const title = query.get('title')
  const description = query.get('description')
  const liveStreamId = query.get('liveStreamId')
  const tags: string[] = []
  const metadata: Array<[string, string]> = []
  for (const [name, value] of query) {
    if (/^tags\[\d*\]$/.test(name)) tags.push(value)
    const meta = /^metadata\[(.+)\]$/.exec(name)
    if (meta?.[1]) metadata.push([meta[1], value])
  }
  const matches = (video: VideoRecord) =>
    (title === null || video.title.includes(title)) &&
    (description === null || video.description.includes(description)) &&
    (liveStreamId === null || video.liveStreamId === liveStreamId) &&
    tags.every((tag) => video.tags.includes(tag)) &&
    metadata.every(([k, v]) => video.metadata.some((entry) => entry.key === k && entry.value === v))
  const sortValue = (video: VideoRecord) =>
    key === 'title' ? video.title : key === 'updatedAt' ? video.updatedAt : video.createdAt
  return sortBy(videos.filter(matches), sortValue, order)
}

import type { Keyward } from './keyward.ts'

/** The fields of an api.video Video object the library shows. */
export interface Video {
  videoId: string
  title: string
  createdAt: string
  assets?: { thumbnail?: string; player?: string }
}

export interface VideoPage {
  videos: Video[]
  currentPage: number
  pagesTotal: number
  itemsTotal: number
}

interface ListBody {
  data: Video[]
  pagination: { currentPage: number; pagesTotal: number; itemsTotal: number }
}

export const PAGE_SIZE = 12

/** One page of the library, newest first, optionally filtered by a title search. */
export async function listVideos(
  keyward: Keyward,
  { page, query, signal }: { page: number; query: string; signal?: AbortSignal }
): Promise<VideoPage> {
  const searchParams = new URLSearchParams({
    currentPage: String(page),
    pageSize: String(PAGE_SIZE),
    sortBy: 'createdAt',
    sortOrder: 'desc',
  })
  if (query) searchParams.set('title', query)
  const api = await keyward.api()
  const body = await api
    .get('videos', { searchParams, ...(signal ? { signal } : {}) })
    .json<ListBody>()
  return { videos: body.data, ...body.pagination }
}

export async function renameVideo(
  keyward: Keyward,
  videoId: string,
  title: string
): Promise<Video> {
  const api = await keyward.api()
  return api.patch(`videos/${encodeURIComponent(videoId)}`, { json: { title } }).json<Video>()
}

export async function deleteVideo(keyward: Keyward, videoId: string): Promise<void> {
  const api = await keyward.api()
  await api.delete(`videos/${encodeURIComponent(videoId)}`)
}

/** Titles of the newest hundred videos by id: enough to name what a chart shows. */
export async function recentTitles(
  keyward: Keyward,
  signal?: AbortSignal
): Promise<Map<string, string>> {
  const searchParams = { pageSize: 100, sortBy: 'createdAt', sortOrder: 'desc' }
  const api = await keyward.api()
  const body = await api
    .get('videos', { searchParams, ...(signal ? { signal } : {}) })
    .json<ListBody>()
  return new Map(body.data.map((video) => [video.videoId, video.title]))
}

// api.video's shapes, as its OpenAPI description defines them (the `video`, `pagination` and
// `videos-list-response` schemas of https://docs.api.video/reference): types only, no code.

/**
 * A link of a page of results: `first`, `previous`, `next` or `last`.
 *
 * @example
 * const next = page.pagination.links.find((link) => link.rel === 'next')?.uri
 */
export interface PaginationLink {
  rel?: string
  uri?: string
}

/**
 * Where a page of a list stands in the whole list.
 *
 * @example
 * const more = page.pagination.currentPage < (page.pagination.pagesTotal ?? 0)
 */
export interface Pagination {
  itemsTotal?: number
  pagesTotal?: number
  pageSize?: number
  currentPage?: number
  currentPageItems?: number
  links: PaginationLink[]
}

/**
 * One page of an api.video list (`GET /videos`, `/players`, `/webhooks`…).
 *
 * @example
 * const { data, pagination } = await api.get('videos').json<Page<Video>>()
 */
export interface Page<T> {
  data: T[]
  pagination: Pagination
}

/**
 * A key and value for categorising a video.
 *
 * @example
 * const metadata: Metadata[] = [{ key: 'Author', value: 'John Doe' }]
 */
export interface Metadata {
  key?: string
  value?: string
}

/**
 * An api.video video object (`GET /videos/{videoId}`, and the items of `GET /videos`).
 *
 * @example
 * const video = await api.get(`videos/${videoId}`).json<Video>()
 * console.log(video.title, video.assets?.player)
 */
export interface Video {
  videoId: string
  createdAt?: string
  title?: string
  description?: string
  publishedAt?: string
  updatedAt?: string
  discardedAt?: string | null
  deletesAt?: string | null
  discarded?: boolean
  language?: string
  languageOrigin?: 'api' | 'auto' | null
  tags?: string[]
  metadata?: Metadata[]
  source?: {
    uri?: string
    type?: string
    liveStream?: { liveStreamId?: string; links?: PaginationLink[] }
  }
  assets?: {
    hls?: string
    iframe?: string
    player?: string
    thumbnail?: string
    mp4?: string
  }
  playerId?: string
  public?: boolean
  panoramic?: boolean
  mp4Support?: boolean
}

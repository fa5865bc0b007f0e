import { type ApiOptions, createApi } from './api.ts'

/**
 * A delegated api.video upload token, as the broker's `/v1/upload-token` returns it.
 *
 * @example
 * const { token, apiHost } = await getUploadToken({ tokens })
 * new VideoUploader({ file, uploadToken: token, apiHost })
 */
export interface UploadToken {
  /** The `uploadToken` option of `@api.video/video-uploader`. */
  token: string
  /** Its lifetime in seconds. */
  ttl: number
  /** When it expires (ISO 8601, api.video's clock). */
  expiresAt: string
  /** The `apiHost` option of `@api.video/video-uploader`. */
  apiHost: string
  /**
   * The video the broker created for this upload, when it enforces ownership: pass it as the
   * uploader's `videoId`. Without it, the upload makes a video nobody owns, which its uploader
   * then cannot see. Absent when the broker does not enforce ownership.
   */
  videoId?: string
}

/**
 * Options of `getUploadToken`: those of `createApi` (so `signal`, `timeout`, `hooks`…), plus `url`,
 * `title` and `ttl`.
 *
 * @example
 * const options: UploadTokenOptions = { tokens, signal: AbortSignal.timeout(10_000) }
 */
export interface UploadTokenOptions extends ApiOptions {
  /** The upload-token endpoint. Default: `tokens.url` with its final `token` made `upload-token`. */
  url?: string | undefined
  /** The title of the video a broker in ownership mode creates for the upload. Default: none. */
  title?: string | undefined
  /** A shorter lifetime than the broker's, in seconds. Default: the broker's. */
  ttl?: number | undefined
}

/**
 * Gets a fresh upload token for `@api.video/video-uploader` through `createApi`, so with the
 * same token handling (it needs the `videos:upload` scope). An error status rejects with a
`KeywardError` (`request_failed`) whose `problem` is the broker's.
 *
 * @example
 * const tokens = createTokenSource({ url: `${broker}/v1/token`, scope: 'videos:upload' })
 * const { token, apiHost, videoId } = await getUploadToken({ tokens, title: file.name })
 * const video = await new VideoUploader({ file, uploadToken: token, apiHost, videoId }).upload()
 */
export function getUploadToken({
  url,
  title,
  ttl,
  ...options
}: UploadTokenOptions): Promise<UploadToken> {
  // No body unless asked: `{}` would be sent to brokers that predate these fields for nothing.
  const json = title === undefined && ttl === undefined ? undefined : { title, ttl }
  return createApi(options)
    .post(url ?? options.tokens.url.replace(/token$/, 'upload-token'), json && { json })
    .json()
}

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
}

/**
 * Options of `getUploadToken`: those of `createApi` (so `signal`, `timeout`, `hooks`…), plus `url`.
 *
 * @example
 * const options: UploadTokenOptions = { tokens, signal: AbortSignal.timeout(10_000) }
 */
export interface UploadTokenOptions extends ApiOptions {
  /** The upload-token endpoint. Default: `tokens.url` with its final `token` made `upload-token`. */
  url?: string | undefined
}

/**
 * Gets a fresh upload token for `@api.video/video-uploader` through `createApi`, so with the
 * same token handling (it needs the `videos:upload` scope). An error status rejects with a
`KeywardError` (`request_failed`) whose `problem` is the broker's.
 *
 * @example
 * const tokens = createTokenSource({ url: `${broker}/v1/token`, scope: 'videos:upload' })
 * const { token, apiHost } = await getUploadToken({ tokens })
 * const video = await new VideoUploader({ file, uploadToken: token, apiHost }).upload()
 */
export function getUploadToken({ url, ...options }: UploadTokenOptions): Promise<UploadToken> {
  return createApi(options)
    .post(url ?? options.tokens.url.replace(/token$/, 'upload-token'))
    .json()
}

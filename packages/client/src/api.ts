import ky, { type BeforeErrorHook, type HTTPError, type KyInstance, type Options } from 'ky'
import { type AuthFetchOptions, createAuthFetch } from './auth-fetch.ts'
import { KeywardError } from './errors.ts'

/**
 * Options of `createApi`: ky's options plus those of `createAuthFetch`.
 *
 * @example
 * const options: ApiOptions = { tokens, prefix: 'https://broker.example.com/v1/api', retry: 0 }
 */
export interface ApiOptions extends Omit<Options, 'fetch'>, AuthFetchOptions {}

/**
 * A ky instance on top of `createAuthFetch`: the token is attached at the fetch layer, so ky's
 * own retries carry the current token and the one retry on a rejected token does not depend on
 * `retry.limit` (it also happens with `retry: 0`, and for requests with bodies). An error status
 * rejects with a `KeywardError` (`request_failed`) that carries the broker's problem.
 *
 * @example
 * const api = createApi({ tokens, prefix: 'https://broker.example.com/v1/api' })
 * const { data } = await api.get('videos').json<Page<Video>>()
 */
export function createApi(options: ApiOptions): KyInstance {
  const { tokens, origins, shouldRenew, fetch, ...kyOptions } = options
  const api = ky
    .create({
      ...kyOptions,
      fetch: createAuthFetch({
        ...options,
        origins: origins ?? [tokens.url, kyOptions.prefix ?? tokens.url],
      }),
    })
    // Last, so that `beforeError` hooks given here see ky's `HTTPError`, as ky documents.
    .extend({ hooks: { beforeError: [toKeywardError] } })
  // ky 1 has no `query` method, and ignores `prefix`: every call would go to the page's origin.
  if (!api.query) {
    throw new KeywardError('unsupported_ky', { message: 'ky 2 needed: npm i ky@^2' })
  }
  return api
}

// By name rather than `instanceof`, as ky's `isHTTPError` does: one check for any copy of ky.
const toKeywardError: BeforeErrorHook = ({ error }) =>
  error.name === 'HTTPError'
    ? new KeywardError('request_failed', {
        response: (error as HTTPError).response,
        body: (error as HTTPError).data,
        cause: error,
      })
    : error

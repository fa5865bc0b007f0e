import ky, { type KyInstance, type Options } from 'ky'
import { type AuthFetchOptions, createAuthFetch } from './auth-fetch.ts'

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
 * `retry.limit` (it also happens with `retry: 0`, and for requests with bodies).
 *
 * @example
 * const api = createApi({ tokens, prefix: 'https://broker.example.com/v1/api' })
 * const { data } = await api.get('videos').json<{ data: Video[] }>()
 */
export function createApi(options: ApiOptions): KyInstance {
  const { tokens, origins, shouldRenew, fetch, ...kyOptions } = options
  return ky.create({
    ...kyOptions,
    fetch: createAuthFetch({
      ...options,
      origins: origins ?? [tokens.url, kyOptions.prefix ?? tokens.url],
    }),
  })
}

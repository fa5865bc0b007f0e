import ky, { type KyInstance, type Options } from 'ky'
import type { TokenSource } from './token-source.ts'

export interface ApiOptions extends Options {
  /** Where tokens come from. */
  tokens: TokenSource
}

/**
 * A ky instance that attaches the broker token and retries once with a fresh one on 401.
 *
 * @example
 * const api = createApi({ tokens, prefix: 'https://broker.example.com/v1/api' })
 * const videos = await api.get('videos').json()
 */
export function createApi({ tokens, ...kyOptions }: ApiOptions): KyInstance {
  return ky.create({
    ...kyOptions,
    hooks: {
      beforeRequest: [
        async ({ request }) => {
          const { accessToken } = await tokens.getToken()
          request.headers.set('authorization', `Bearer ${accessToken}`)
        },
      ],
    },
  })
}

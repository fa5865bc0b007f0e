import { BrokerError, upstreamRedirect, upstreamTimeout, upstreamUnavailable } from '../errors.ts'

/**
 * One call of `fetchWithDeadline`.
 *
 * @example
 * const call: DeadlineFetch = { fetch, url: 'https://ws.api.video/videos', init: {}, timeoutMs: 10_000 }
 */
export interface DeadlineFetch {
  fetch: typeof fetch
  url: string
  init: RequestInit
  /** Deadline for the response headers, in ms. */
  timeoutMs: number
}

/**
 * `fetch` with a deadline for the response headers. The deadline holds even when the `fetch`
 * implementation ignores the abort signal. A timeout throws `upstream_timeout`, a network error
 * `upstream_unavailable`; the body, once headers arrived, streams without a deadline. Redirects
 * are never followed (`redirect: 'manual'`): a 3xx throws `upstream_redirect`, so nothing, and
 * least of all the API key, is ever sent to a host other than api.video's.
 */
export async function fetchWithDeadline(call: DeadlineFetch): Promise<Response> {
  const res = await headersInTime(call)
  // Browsers hide a manual redirect as an opaque response with status 0 (Fetch, "opaqueredirect").
  if ((res.type as string) === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await res.body?.cancel()
    throw upstreamRedirect(res.status)
  }
  return res
}

/**
 * One promise settled by whichever comes first, the response headers or the timer; no
 * `Promise.race`, and no `AbortSignal.timeout`, which would also cut the body at the deadline.
 */
function headersInTime({ fetch: fetchImpl, url, init, timeoutMs }: DeadlineFetch) {
  return new Promise<Response>((resolve, reject) => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      const error = upstreamTimeout(timeoutMs)
      controller.abort(error)
      reject(error)
    }, timeoutMs)
    const failed = (cause: unknown) => {
      clearTimeout(timer)
      reject(
        cause instanceof BrokerError
          ? cause
          : upstreamUnavailable('api.video could not be reached.', 1, cause)
      )
    }
    try {
      fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal }).then((res) => {
        clearTimeout(timer)
        resolve(res)
      }, failed)
    } catch (cause) {
      failed(cause)
    }
  })
}

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
export async function fetchWithDeadline({
  fetch: fetchImpl,
  url,
  init,
  timeoutMs,
}: DeadlineFetch): Promise<Response> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = upstreamTimeout(timeoutMs)
      controller.abort(error)
      reject(error)
    }, timeoutMs)
  })
  let res: Response
  try {
    const sent = fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal })
    res = await Promise.race([sent, deadline])
  } catch (cause) {
    if (cause instanceof BrokerError) throw cause
    throw upstreamUnavailable('api.video could not be reached.', 1, cause)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
  // Browsers hide a manual redirect as an opaque response with status 0 (Fetch, "opaqueredirect").
  if ((res.type as string) === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await res.body?.cancel()
    throw upstreamRedirect(res.status)
  }
  return res
}

import { BrokerError } from '../errors.ts'

/**
 * Bounded retries with exponential backoff and jitter.
 *
 * @example
 * const policy: RetryPolicy = { retries: 2, baseDelayMs: 200, maxDelayMs: 2000 }
 */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number
  /** Delay ceiling before the first retry, doubled for each later one. */
  baseDelayMs: number
  /** Largest delay between two attempts. */
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 200, maxDelayMs: 2000 }

/**
 * "Equal jitter": half the exponential ceiling plus a random half, so a fleet of isolates that
 * failed together does not retry together (the herd fixes in reference/broker-peers.md §7).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return ceiling / 2 + (random() * ceiling) / 2
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * `fetch` with a deadline for the response headers. The deadline holds even when the `fetch`
 * implementation ignores the abort signal. A timeout throws `upstream_timeout`, a network error
 * `upstream_unavailable`; the body, once headers arrived, streams without a deadline.
 */
export async function fetchWithTimeout(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number
): Promise<Response> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BrokerError('upstream_timeout', {
        detail: `api.video did not answer within ${timeoutMs} ms.`,
      })
      controller.abort(error)
      reject(error)
    }, timeoutMs)
  })
  try {
    return await Promise.race([fetchImpl(url, { ...init, signal: controller.signal }), deadline])
  } catch (cause) {
    if (cause instanceof BrokerError) throw cause
    throw new BrokerError('upstream_unavailable', {
      detail: 'api.video could not be reached.',
      headers: { 'retry-after': '1' },
      cause,
    })
  } finally {
    clearTimeout(timer)
  }
}

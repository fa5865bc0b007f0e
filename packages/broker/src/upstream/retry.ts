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

/** The retry policy of `/auth/api-key` exchanges with `retries` extra attempts. */
export function retryPolicy(retries: number): RetryPolicy {
  return { retries, baseDelayMs: 200, maxDelayMs: 2000 }
}

/**
 * "Equal jitter": half the exponential ceiling plus a random half, so a fleet of isolates that
 * failed together does not retry together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return ceiling / 2 + (random() * ceiling) / 2
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

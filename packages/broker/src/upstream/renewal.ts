import type { UpstreamTokenPair } from './auth-client.ts'

/** Renew at about 80 % of a token's lifetime, give or take 5 % of jitter (docs/architecture.md). */
const RENEW_AT = 0.8
const RENEW_JITTER = 0.05
/** A token this close to expiry is not handed out: the call it is for may still be in flight. */
const MAX_SAFETY_MARGIN_MS = 10_000
const MAX_COOLDOWN_MS = 30_000

/** A held token with its renewal schedule. */
export interface HeldToken extends UpstreamTokenPair {
  /** From this epoch ms on, a request starts a background renewal. */
  renewAt: number
  /** The token is not handed out in its last `marginMs`. */
  marginMs: number
  /** api.video answered 401 to it. */
  rejected: boolean
}

/**
 * Schedules renewal. The jitter spreads renewals of many isolates that got their tokens together,
 * so they do not all call api.video at once.
 */
export function holdToken(pair: UpstreamTokenPair, random: () => number): HeldToken {
  const lifetime = Math.max(0, pair.expiresAt - pair.issuedAt)
  const fraction = RENEW_AT + (random() * 2 - 1) * RENEW_JITTER
  return {
    ...pair,
    renewAt: pair.issuedAt + lifetime * fraction,
    marginMs: safetyMarginMs(pair),
    rejected: false,
  }
}

/** The last stretch of a token's life in which it is no longer handed out: 5 %, at most 10 s. */
export function safetyMarginMs({ issuedAt, expiresAt }: Pick<HeldToken, 'issuedAt' | 'expiresAt'>) {
  return Math.min(MAX_SAFETY_MARGIN_MS, Math.max(0, expiresAt - issuedAt) * 0.05)
}

/** What `isUsable` looks at: a cached copy of a token needs no more than this. */
export type UsableToken = Pick<HeldToken, 'expiresAt' | 'marginMs' | 'rejected'>

/** Whether `token` may still be handed out at `now`. */
export function isUsable(token: UsableToken | undefined, now: number, minValidityMs = 0): boolean {
  if (!token || token.rejected) return false
  return token.expiresAt - now > Math.max(token.marginMs, minValidityMs)
}

/** How long to refuse callers after failures with no usable token: 1 s, 2 s, 4 s … 30 s. */
export function cooldownMs(consecutiveFailures: number): number {
  return Math.min(MAX_COOLDOWN_MS, 1000 * 2 ** Math.max(0, consecutiveFailures - 1))
}

/** When to retry a failed early renewal while the held token is still good. */
export function nextRenewalAttempt(token: HeldToken, now: number, failures: number): number {
  const remaining = token.expiresAt - token.marginMs - now
  return now + Math.min(cooldownMs(failures), Math.max(0, remaining / 2))
}

/**
 * The wait before the next attempt after `failures` consecutive failures: the cooldown's ceiling
 * (1 s, 2 s, 4 s … 30 s) with equal jitter, so attempts neither hammer api.video nor line up.
 */
export function retryDelayMs(failures: number, random: () => number): number {
  const ceiling = cooldownMs(failures)
  return ceiling / 2 + (random() * ceiling) / 2
}

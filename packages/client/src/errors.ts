/**
 * Every code a `KeywardError` can carry; the README's error table explains each one.
 *
 * - `unauthenticated`: the broker answered 401 to `/v1/token`; the caller is signed out.
 * - `forbidden`: the broker answered 403 to `/v1/token` (origin not allowed, scope not granted).
 * - `token_fetch_failed`: 429, 5xx, timeout or network error, still failing after the retries.
 * - `invalid_token_response`: a 2xx answer without a usable `access_token` and `expires_in`.
 * - `disposed`: the token source was disposed.
 *
 * @example
 * const code: KeywardErrorCode = 'unauthenticated'
 */
export type KeywardErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'token_fetch_failed'
  | 'invalid_token_response'
  | 'disposed'

/**
 * The one error class of `@keyward/client`. Branch on `code`, which is stable; the message is not.
 *
 * @example
 * try {
 *   await tokens.getToken()
 * } catch (error) {
 *   if (error instanceof KeywardError && error.code === 'unauthenticated') showSignIn()
 * }
 */
export class KeywardError extends Error {
  override readonly name = 'KeywardError'
  declare readonly code: KeywardErrorCode
  /** The HTTP status the broker answered with, when there was an answer. */
  declare readonly status: number | undefined

  /** `cause` is the underlying error: a network `TypeError`, an `AbortError`, a `SyntaxError`. */
  constructor(
    code: KeywardErrorCode,
    { status, cause }: { status?: number; cause?: unknown } = {}
  ) {
    super(code, { cause })
    this.code = code
    this.status = status
  }
}

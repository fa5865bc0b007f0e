/**
 * Every code a `KeywardError` can carry; the README's error table explains each one.
 *
 * - `unauthenticated`: the broker answered 401 to `/v1/token`; the caller is signed out.
 * - `forbidden`: the broker answered 403 to `/v1/token` (origin not allowed, scope not granted).
 * - `token_fetch_failed`: 429, 5xx, timeout or network error, still failing after the retries.
 * - `invalid_token_response`: a 2xx answer without a usable `access_token` and `expires_in`.
 * - `disposed`: the token source was disposed.
 * - `request_failed`: a call through `createApi` (or `getUploadToken`) got an error status.
 * - `invalid_options`: `createTokenSource`'s `retries` or `timeout`, or `openTabChannel`'s `settle`,
 *   is out of range.
 * - `unsupported_ky`: `createApi` was given ky 1; it needs ky 2.
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
  | 'request_failed'
  | 'invalid_options'
  | 'unsupported_ky'

/**
 * An RFC 9457 problem document, as the broker answers every error (`application/problem+json`).
 * api.video's own answers (the broker's passthrough mode) have the same shape without `code`.
 *
 * @example
 * const problem: Problem = { code: 'insufficient_scope', title: 'The access token does not grant this operation.' }
 */
export interface Problem {
  /** The broker's stable error code, e.g. `insufficient_scope` or `rate_limited`. */
  code?: string
  /** A short summary of the kind of problem; the same for every occurrence of a code. */
  title?: string
  /** What went wrong this time. Show it, never parse it. */
  detail?: string
  /** The broker's id for the request: quote it when you report a failure. */
  requestId?: string
  /** The HTTP status, as the server set it in the body. */
  status?: number
  /** A URI naming the kind of problem, e.g. `urn:keyward:problem:rate_limited`. */
  type?: string
  /** Any extension member the server added. */
  [member: string]: unknown
}

/**
 * Options of `new KeywardError(code, options)`.
 *
 * @example
 * new KeywardError('request_failed', { response, body: await response.json() })
 */
export interface KeywardErrorOptions {
  /** The error answer; `status` and `retryAfter` are read from it. */
  response?: Response | undefined
  /** The answer's parsed body: it becomes `problem` when it is a JSON object. */
  body?: unknown
  /** Default: the code. */
  message?: string | undefined
  /** The underlying error: a network `TypeError`, a timeout, ky's `HTTPError`. */
  cause?: unknown
}

const NAME = 'KeywardError'

/**
 * The one error class of `@keyward/client`: token failures, error answers to API calls made with
 * `createApi`, and invalid options. Branch on `code` (ours) and `problem.code` (the broker's),
 * which are stable; the message is not. Test with `isKeywardError()`.
 *
 * @example
 * try {
 *   await api.get('videos').json()
 * } catch (error) {
 *   if (isKeywardError(error) && error.problem?.code === 'insufficient_scope') askForMoreScopes()
 *   else if (isKeywardError(error) && error.retryAfter) retryIn(error.retryAfter)
 * }
 */
export class KeywardError extends Error {
  override readonly name = NAME
  declare readonly code: KeywardErrorCode
  /** The HTTP status of the error answer, when there was one. */
  declare readonly status: number | undefined
  /** The error answer itself (its body already read), for its headers. */
  declare readonly response: Response | undefined
  /** The answer's problem document, when its body was a JSON object. */
  declare readonly problem: Problem | undefined
  /** Seconds to wait before trying again, when the answer said so (`Retry-After`). */
  declare readonly retryAfter: number | undefined

  constructor(
    code: KeywardErrorCode,
    { response, body, message, cause }: KeywardErrorOptions = {}
  ) {
    super(message ?? code, { cause })
    // `Retry-After` in seconds (RFC 9110, section 10.2.3), the only form the broker sends.
    const wait = +(response?.headers.get('retry-after') ?? NaN)
    this.code = code
    this.response = response
    this.status = response?.status
    // A JSON object; ky gives the body of an answer that is not JSON as a string.
    this.problem = body instanceof Object ? (body as Problem) : undefined
    this.retryAfter = wait >= 0 ? wait : undefined
  }
}

/**
 * Whether `error` is a `KeywardError`, also when it comes from another realm (an iframe, a
 * worker's copy of the package) or another copy of `@keyward/client`, where `instanceof` fails.
 *
 * @example
 * tokens.getToken().catch((error) => {
 *   if (isKeywardError(error) && error.code === 'unauthenticated') showSignIn()
 * })
 */
export const isKeywardError = (error: unknown): error is KeywardError =>
  (error as KeywardError | undefined)?.name === NAME

export type KeywardErrorCode = 'TOKEN_FETCH_FAILED' | 'UNAUTHENTICATED' | 'INVALID_TOKEN_RESPONSE'

/**
 * The one error class of `@keyward/client`, with a stable `code`.
 *
 * @example
 * try {
 *   await tokens.getToken()
 * } catch (error) {
 *   if (error instanceof KeywardError && error.code === 'UNAUTHENTICATED') showSignIn()
 * }
 */
export class KeywardError extends Error {
  override readonly name = 'KeywardError'
  readonly code: KeywardErrorCode
  readonly status: number | undefined

  constructor(code: KeywardErrorCode, options: { status?: number; cause?: unknown } = {}) {
    super(code, { cause: options.cause })
    this.code = code
    this.status = options.status
  }
}

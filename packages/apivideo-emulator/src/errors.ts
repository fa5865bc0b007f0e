export type EmulatorErrorCode = 'EMULATOR_INVALID_OPTION' | 'EMULATOR_INVALID_FAULT'

/**
 * The one error class of the package, thrown for programming errors (bad options, bad fault rules).
 * API-level failures are never thrown at callers: they are problem+json responses.
 *
 * @example
 * try {
 *   createEmulator({ accessTokenTtlSeconds: -1 })
 * } catch (error) {
 *   if (error instanceof EmulatorError && error.code === 'EMULATOR_INVALID_OPTION') console.error(error.message)
 * }
 */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError'
  readonly code: EmulatorErrorCode

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

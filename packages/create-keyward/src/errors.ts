export type CreateKeywardErrorCode =
  | 'missing_directory'
  | 'invalid_name'
  | 'directory_not_empty'
  | 'invalid_arguments'

/** Every failure of the starter: a stable `code` for scripts and tests, a message for people. */
export class CreateKeywardError extends Error {
  override readonly name = 'CreateKeywardError'
  readonly code: CreateKeywardErrorCode

  constructor(code: CreateKeywardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

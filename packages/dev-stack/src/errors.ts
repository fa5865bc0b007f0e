export type DevStackErrorCode =
  | 'port_in_use'
  | 'not_our_service'
  | 'stack_running'
  | 'service_exited'
  | 'service_timeout'

/** Why the local stack could not start or stopped: a stable `code`, and a message that says what to do. */
export class DevStackError extends Error {
  override readonly name = 'DevStackError'
  readonly code: DevStackErrorCode

  constructor(code: DevStackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

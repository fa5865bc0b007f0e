/** Every error code the broker answers with; documented in the README's error table. */
export type BrokerErrorCode =
  | 'invalid_config'
  | 'invalid_request'
  | 'origin_not_allowed'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'route_not_allowed'
  | 'not_found'
  | 'upstream_unavailable'
  | 'upstream_error'
  | 'internal_error'

const STATUS: Record<BrokerErrorCode, number> = {
  invalid_config: 500,
  invalid_request: 400,
  origin_not_allowed: 403,
  invalid_token: 401,
  insufficient_scope: 403,
  route_not_allowed: 403,
  not_found: 404,
  upstream_unavailable: 503,
  upstream_error: 502,
  internal_error: 500,
}

const TITLE: Record<BrokerErrorCode, string> = {
  invalid_config: 'The broker is misconfigured.',
  invalid_request: 'The request is invalid.',
  origin_not_allowed: 'This origin may not get tokens from this broker.',
  invalid_token: 'The access token is missing, invalid or expired.',
  insufficient_scope: 'The access token does not grant this operation.',
  route_not_allowed: 'This api.video route is not available through the broker.',
  not_found: 'Not found.',
  upstream_unavailable: 'api.video cannot be reached right now.',
  upstream_error: 'api.video answered with an error.',
  internal_error: 'Something went wrong in the broker.',
}

export interface BrokerErrorOptions {
  detail?: string
  headers?: Record<string, string>
  cause?: unknown
}

/**
 * The one error class of `@keyward/broker`. Rendered as `application/problem+json` with a stable `code`.
 *
 * @example
 * import { BrokerError } from '@keyward/broker'
 *
 * throw new BrokerError('insufficient_scope', { detail: 'videos:delete is required' })
 */
export class BrokerError extends Error {
  override readonly name = 'BrokerError'
  readonly code: BrokerErrorCode
  readonly status: number
  readonly detail: string | undefined
  readonly headers: Record<string, string>

  constructor(code: BrokerErrorCode, { detail, headers = {}, cause }: BrokerErrorOptions = {}) {
    super(detail ?? TITLE[code], { cause })
    this.code = code
    this.status = STATUS[code]
    this.detail = detail
    this.headers = headers
  }
}

/** The `application/problem+json` body for an error (RFC 9457). */
export function problemBody(error: BrokerError, requestId?: string) {
  return {
    type: `urn:keyward:problem:${error.code}`,
    title: TITLE[error.code],
    status: error.status,
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(requestId === undefined ? {} : { requestId }),
  }
}

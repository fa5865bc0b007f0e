/**
 * Every error code the broker answers with; the README's error table documents each one.
 *
 * @example
 * if (problem.code === 'invalid_token') await fetchNewToken()
 */
export type BrokerErrorCode =
  | 'invalid_config'
  | 'invalid_request'
  | 'field_not_allowed'
  | 'json_too_deep'
  | 'invalid_scope'
  | 'unauthenticated'
  | 'invalid_token'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'insufficient_scope'
  | 'origin_not_allowed'
  | 'origin_mismatch'
  | 'route_not_allowed'
  | 'reserved_metadata'
  | 'ownership_admin_only'
  | 'ownership_sign_in_required'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'upstream_rejected'
  | 'upstream_rate_limited'
  | 'upstream_error'
  | 'upstream_redirect'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'internal_error'

/** The HTTP status and the title of each code (RFC 9457 §3.1: the title never varies). */
const PROBLEMS: Record<BrokerErrorCode, readonly [status: number, title: string]> = {
  invalid_config: [500, 'The broker is misconfigured.'],
  invalid_request: [400, 'The request is invalid.'],
  field_not_allowed: [400, 'This deployment does not let browsers set this field.'],
  json_too_deep: [400, 'The JSON body is nested too deeply.'],
  invalid_scope: [400, 'The requested scope is unknown or malformed.'],
  unauthenticated: [401, 'The caller could not be authenticated.'],
  invalid_token: [401, 'The access token is missing, invalid or expired.'],
  invalid_dpop_proof: [401, 'The DPoP proof is missing or invalid.'],
  use_dpop_nonce: [401, 'The DPoP proof must carry the nonce the broker sent.'],
  insufficient_scope: [403, 'The access token does not grant this operation.'],
  origin_not_allowed: [403, 'This origin may not use this broker.'],
  origin_mismatch: [403, 'The access token was issued to another origin.'],
  route_not_allowed: [403, 'This api.video route is not available through the broker.'],
  reserved_metadata: [
    400,
    'The broker keeps this metadata key; callers cannot set or filter on it.',
  ],
  ownership_admin_only: [403, 'In ownership mode only admins reach this account-wide resource.'],
  ownership_sign_in_required: [403, 'In ownership mode each caller sees only their own videos.'],
  not_found: [404, 'Not found.'],
  payload_too_large: [413, 'The request body is too large.'],
  rate_limited: [429, 'Too many requests.'],
  upstream_rejected: [400, 'api.video refused the request.'],
  upstream_rate_limited: [429, 'api.video is rate limiting this account.'],
  upstream_error: [502, 'api.video answered with an error.'],
  upstream_redirect: [502, 'api.video answered with a redirect, which the broker never follows.'],
  upstream_unavailable: [503, 'api.video cannot be reached right now.'],
  upstream_timeout: [504, 'api.video did not answer in time.'],
  internal_error: [500, 'Something went wrong in the broker.'],
}

const STATUS_CHOSEN_BY_CALLER = new Set<BrokerErrorCode>([
  'upstream_rejected',
  'invalid_dpop_proof',
  'use_dpop_nonce',
])

/**
 * Options of `new BrokerError(code, options)`.
 *
 * @example
 * new BrokerError('rate_limited', { headers: { 'retry-after': '30' } })
 */
export interface BrokerErrorOptions {
  /** Human-readable detail for this occurrence; never a secret. */
  detail?: string
  /** Headers for the error response, e.g. `retry-after` or `www-authenticate`. */
  headers?: Record<string, string>
  /**
   * The HTTP status, for `upstream_rejected` (it mirrors api.video's 4xx) and the DPoP codes (400
   * at the token endpoint, RFC 9449 §5 and §8; 401 elsewhere, §7.1 and §9) only.
   */
  status?: number
  /** The request members at fault, as RFC 9457 §3's `invalid-params` extension. */
  invalidParams?: InvalidParam[]
  cause?: unknown
}

/**
 * One request member a problem names: where it is (`query` or `body`), its name (a JSON pointer
 * into the body, e.g. `/metadata/0/key`) and why it was refused.
 *
 * @example
 * const param: InvalidParam = { in: 'body', name: '/title', reason: 'must be string' }
 */
export interface InvalidParam {
  in: 'query' | 'body'
  name: string
  reason: string
}

/**
 * The one error class of `@keyward/broker`. It renders as `application/problem+json` with a
 * stable `code`; every code is listed in the README's error table.
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
  readonly invalidParams: InvalidParam[] | undefined

  constructor(
    code: BrokerErrorCode,
    { detail, headers = {}, status, invalidParams, cause }: BrokerErrorOptions = {}
  ) {
    const [defaultStatus, title] = PROBLEMS[code]
    super(detail ?? title, { cause })
    this.code = code
    this.status = status !== undefined && STATUS_CHOSEN_BY_CALLER.has(code) ? status : defaultStatus
    this.detail = detail
    this.headers = headers
    this.invalidParams = invalidParams
  }
}

const OAUTH_ERRORS = new Set<BrokerErrorCode>(['invalid_dpop_proof', 'use_dpop_nonce'])

/** The RFC 9457 problem body for an error: the one shape every error response has. */
export function problemBody(error: BrokerError, requestId?: string) {
  return {
    type: `urn:keyward:problem:${error.code}`,
    title: PROBLEMS[error.code][1],
    status: error.status,
    code: error.code,
    // OAuth clients read DPoP errors from `error` (RFC 9449 §5, §8; RFC 6749 §5.2).
    ...(OAUTH_ERRORS.has(error.code) ? { error: error.code } : {}),
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(error.invalidParams === undefined ? {} : { 'invalid-params': error.invalidParams }),
    ...(requestId === undefined ? {} : { requestId }),
  }
}

/**
 * The `application/problem+json` response for an error (RFC 9457): the one builder, used by the
 * broker's own error handler and by code outside the broker's app (such as a Worker entry whose
 * configuration failed to load). `requestId` goes into the body; `headers` are added to the
 * answer's own.
 *
 * @example
 * import { BrokerError, problemResponse } from '@keyward/broker'
 *
 * return problemResponse(new BrokerError('invalid_config', { detail: 'APIVIDEO_API_KEY is missing' }))
 */
export function problemResponse(
  error: BrokerError,
  requestId?: string,
  headers: Readonly<Record<string, string>> = {}
): Response {
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: {
      ...error.headers,
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...headers,
    },
  })
}

/** A misconfiguration, found at start: the detail names the option or variable, never its value. */
export function invalidConfig(detail: string, cause?: unknown): BrokerError {
  return new BrokerError('invalid_config', { detail, cause })
}

/** A malformed request: the detail says what to send instead. */
export function invalidRequest(detail: string): BrokerError {
  return new BrokerError('invalid_request', { detail })
}

/** A JSON body that nests arrays and objects deeper than `max` levels. */
export function jsonTooDeep(max: number): BrokerError {
  return new BrokerError('json_too_deep', {
    detail: `The JSON body nests arrays and objects deeper than ${max} levels.`,
  })
}

/** A body over its size limit of `limit` bytes, when the limit is worth telling (RFC 9110 §15.5.14). */
export function payloadTooLarge(limit?: number): BrokerError {
  const detail =
    limit === undefined ? 'The upload is larger than allowed.' : `The body exceeds ${limit} bytes.`
  return new BrokerError('payload_too_large', { detail })
}

/** A request that breaks its operation's contract, naming each member at fault (RFC 9457 §3). */
export function contractViolation(invalidParams: InvalidParam[]): BrokerError {
  const names = invalidParams.map((param) => `${param.in} ${param.name}`).join(', ')
  return new BrokerError('invalid_request', {
    detail: `The request does not match api.video's contract: ${names}.`,
    invalidParams,
  })
}

/** A body field that widens what a browser can do, which this deployment has not allowed. */
export function fieldNotAllowed(name: string): BrokerError {
  return new BrokerError('field_not_allowed', {
    detail: `This deployment does not let browsers set ${name}; see ALLOW_SENSITIVE_FIELDS.`,
    invalidParams: [{ in: 'body', name: `/${name}`, reason: 'is not allowed from a browser here' }],
  })
}

/**
 * 401 for `/v1/token`. Its challenge carries no `error="invalid_token"`: that one tells a client
 * to fetch a new broker token (RFC 6750 §3.1), which would loop here.
 */
export function unauthenticated(detail: string, cause?: unknown): BrokerError {
  return new BrokerError('unauthenticated', {
    detail,
    cause,
    headers: { 'www-authenticate': 'Bearer realm="keyward"' },
  })
}

/**
 * A missing, invalid or expired broker token (RFC 6750 §3.1); `challenge` replaces the Bearer
 * challenge where DPoP is accepted (RFC 9449 §7.1).
 */
export function invalidToken(
  detail?: string,
  cause?: unknown,
  challenge = 'Bearer error="invalid_token"'
): BrokerError {
  return new BrokerError('invalid_token', {
    ...(detail === undefined ? {} : { detail }),
    cause,
    headers: { 'www-authenticate': challenge },
  })
}

/**
 * Where a DPoP error is answered: `'token'` (the token endpoint, 400 as an OAuth error, RFC 9449
 * §5) or `'resource'` (an API call, 401 with a challenge, RFC 9449 §7.1).
 */
export type DpopErrorSite = 'token' | 'resource'

/** `WWW-Authenticate: DPoP …` with the algorithms a client may sign proofs with (RFC 9449 §7.1). */
function dpopChallenge(error: string, algs: readonly string[]): string {
  return `DPoP error="${error}", algs="${algs.join(' ')}"`
}

/**
 * Where a DPoP error is answered and what it tells: the algorithms a client may sign with, and the
 * broker's clock that judged the proof.
 */
export interface DpopRefusal {
  algs: readonly string[]
  site?: DpopErrorSite
  /**
   * The broker's clock, in epoch milliseconds, sent as `Date` (RFC 9110 §6.6.1): a client whose
   * clock is off dates its next proof on it (RFC 9449 §4.3 checks `iat` against this clock).
   */
  at: number
}

/** The headers of a DPoP error: its challenge (RFC 9449 §7.1) and the clock that judged it. */
function dpopErrorHeaders(error: string, { algs, at }: DpopRefusal): Record<string, string> {
  return { 'www-authenticate': dpopChallenge(error, algs), date: new Date(at).toUTCString() }
}

/** A missing, malformed, forged, stale or replayed DPoP proof (RFC 9449 §4.3, §7.1). */
export function invalidDpopProof(
  detail: string,
  refusal: DpopRefusal,
  cause?: unknown
): BrokerError {
  return new BrokerError('invalid_dpop_proof', {
    detail,
    cause,
    status: refusal.site === 'token' ? 400 : 401,
    headers: dpopErrorHeaders('invalid_dpop_proof', refusal),
  })
}

/**
 * The proof lacks the current server nonce: the client signs a new proof with the nonce in
 * `DPoP-Nonce` and retries (RFC 9449 §8 at the token endpoint, §9 at an API call).
 */
export function useDpopNonce(nonce: string, refusal: DpopRefusal): BrokerError {
  return new BrokerError('use_dpop_nonce', {
    detail: 'Sign a new DPoP proof with the nonce in the DPoP-Nonce header and retry.',
    status: refusal.site === 'token' ? 400 : 401,
    headers: { ...dpopErrorHeaders('use_dpop_nonce', refusal), 'dpop-nonce': nonce },
  })
}

/** 403 with the scope the operation needs, so a client can ask for it (RFC 6750 §3.1). */
export function insufficientScope(scope: string): BrokerError {
  return new BrokerError('insufficient_scope', {
    detail: `This operation needs the scope ${scope}.`,
    headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
  })
}

/** A broker token sent from an origin other than the one it was issued to (its `client_id`). */
export function originMismatch(): BrokerError {
  return new BrokerError('origin_mismatch', {
    detail: 'Use the token from the origin that requested it, or request a token from this one.',
  })
}

/** api.video sent no answer in time. */
export function upstreamTimeout(timeoutMs: number): BrokerError {
  return new BrokerError('upstream_timeout', {
    detail: `api.video did not answer within ${timeoutMs} ms.`,
  })
}

/** A 503 with `Retry-After` (RFC 9110 §10.2.3), in whole seconds, at least 1. */
export function upstreamUnavailable(
  detail: string,
  retryAfterSeconds: number,
  cause?: unknown
): BrokerError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return new BrokerError('upstream_unavailable', {
    detail,
    headers: { 'retry-after': String(seconds) },
    cause,
  })
}

/** No usable upstream token until `retryAt`: a 503 telling the caller when to try again, never a hang. */
export function noUpstreamToken(retryAt: number, now: number, cause?: unknown): BrokerError {
  return upstreamUnavailable(
    'The broker could not get an api.video token.',
    (retryAt - now) / 1000,
    cause
  )
}

/** api.video answered with something the broker cannot use. */
export function upstreamError(detail: string): BrokerError {
  return new BrokerError('upstream_error', { detail })
}

/**
 * api.video answered 3xx. A redirect is never followed: it would send the request (for
 * `/auth/api-key`, the API key) to whatever host it names.
 */
export function upstreamRedirect(status: number): BrokerError {
  return new BrokerError('upstream_redirect', {
    detail: `api.video answered ${status === 0 ? 'a redirect' : status}; check apiBaseUrl.`,
  })
}

/** A body or filter touching the metadata key ownership mode keeps for a video's owner. */
export function reservedMetadata(key: string, param: InvalidParam): BrokerError {
  return new BrokerError('reserved_metadata', {
    detail: `The metadata key ${key} holds a video's owner: the broker sets it, nobody else.`,
    invalidParams: [param],
  })
}

/**
 * The one answer for a video that is missing, discarded elsewhere, someone else's or nobody's:
 * the same 404, so ids cannot be probed.
 */
export function videoNotFound(): BrokerError {
  return new BrokerError('not_found', { detail: 'There is no video with this id.' })
}

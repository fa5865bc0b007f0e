import { isKeywardError, type KeywardError } from '@keyward/client'
import { isNetworkError, isTimeoutError } from 'ky'

/** A failure, told as a person understands it. */
export interface Trouble {
  /** A stable name for the kind of failure (the broker's problem code when there is one). */
  code: string
  /** One line: what happened. */
  title: string
  /** What it means, or what to do about it. */
  detail: string
  /** Whether trying again later may work; the banner then tries again by itself. */
  retryable: boolean
  /** How long to wait first, when the server said so (`Retry-After`). */
  retryAfterSeconds?: number
}

export interface TroubleContext {
  brokerUrl: string
  /** This page's origin, as the broker's allow-list spells origins. */
  origin: string
  /** After a network failure: whether the broker answered a plain, CORS-open request. */
  brokerReachable?: boolean
}

// What each code means to a visitor: a title, the detail when the answer has none (`fixed`: even
// when it has one), and for failures that pass, the seconds to wait when the server did not say.
const TELLS: Record<string, { title: string; detail?: string; fixed?: true; wait?: number }> = {
  rate_limited: {
    title: 'Too many requests from this browser',
    detail: 'The broker limits how often one visitor may call it.',
    fixed: true,
    wait: 30,
  },
  upstream_rate_limited: {
    title: 'api.video is rate-limiting this account',
    detail: 'Too many requests reached api.video in the last minute.',
    fixed: true,
    wait: 30,
  },
  upstream_error: { title: 'api.video is having trouble', wait: 5 },
  upstream_unavailable: { title: 'api.video can’t be reached right now', wait: 5 },
  upstream_timeout: { title: 'api.video didn’t answer in time', wait: 5 },
  internal_error: { title: 'The broker ran into a problem', wait: 5 },
  invalid_config: { title: 'The broker ran into a problem', wait: 5 },
  unauthenticated: {
    title: 'You’re signed out',
    detail: 'The broker no longer accepts this session. Sign in again, then reload the page.',
    fixed: true,
  },
  invalid_token: {
    title: 'Your session could not be renewed',
    detail: 'The broker refused a fresh token too. Reload the page.',
    fixed: true,
  },
  insufficient_scope: {
    title: 'Your token doesn’t allow this',
    detail: 'Ask the broker for more scopes.',
  },
  forbidden: {
    title: 'The broker won’t give this page the access it asked for',
    detail: 'Ask for fewer scopes, or sign in as someone allowed more.',
  },
  invalid_scope: {
    title: 'This page asked for a scope the broker does not know',
    detail: 'Check the scope in the address (?scope=…).',
  },
  ownership_sign_in_required: {
    title: 'Sign in to see videos',
    detail: 'Each caller sees only their own videos here, and a signed-out visitor owns none.',
    fixed: true,
  },
  ownership_admin_only: {
    title: 'Only an admin sees this',
    detail: 'It counts every user’s videos: with ownership on, the broker keeps it for admins.',
    fixed: true,
  },
  not_found: {
    title: 'That is not there, or not yours',
    detail: 'It may have been deleted; with ownership on you reach only your own videos.',
  },
  invalid_dpop_proof: {
    title: 'The broker refused this tab’s proof of its key',
    detail:
      'Every call carries a proof signed with this tab’s key (DPoP). Check that this device’s clock is right, then reload the page.',
    fixed: true,
  },
  payload_too_large: { title: 'That is too large', detail: 'The broker refused the request body.' },
  upstream_rejected: { title: 'api.video refused the request' },
  invalid_token_response: {
    title: 'The broker sent an unusable token',
    detail: 'Its answer had no access token. Check the broker version.',
    fixed: true,
  },
  disposed: { title: 'This page was closed', detail: 'Reload it.', fixed: true },
}

/** Turns anything the library, the broker or the network throws into a `Trouble`. */
export function describeError(error: unknown, context: TroubleContext): Trouble {
  if (isKeywardError(error)) return fromKeywardError(error, context)
  if (isTimeoutError(error)) {
    return {
      code: 'timeout',
      title: 'The broker took too long to answer',
      detail: 'It may be overloaded. Trying again shortly.',
      retryable: true,
    }
  }
  if (isNetworkError(error) || error instanceof TypeError) return unreachable(context)
  return {
    code: 'unexpected',
    title: 'Something went wrong',
    detail: error instanceof Error && error.message ? error.message : 'An unexpected error.',
    retryable: false,
  }
}

function fromKeywardError(error: KeywardError, context: TroubleContext): Trouble {
  const { status, problem = {} } = error
  // A token request that got no answer: the network, or CORS hiding a refusal.
  if (error.code === 'token_fetch_failed' && status === undefined) return unreachable(context)
  const code = problem.code ?? codeOf(error)
  if (code === 'origin_not_allowed') return notAllowed(context.origin)
  if (code === 'upstream_rejected' && status === 404) {
    const detail = 'It may have been deleted from another tab or device.'
    return { code, title: 'That video no longer exists', detail, retryable: false }
  }
  // A 403 of the token endpoint refuses what this page asked for, whatever the reason.
  const tell = TELLS[error.code === 'forbidden' ? 'forbidden' : code] ?? {
    title: 'The request failed',
  }
  const detail =
    (tell.fixed ? undefined : problem.detail) ??
    tell.detail ??
    (tell.wait ? undefined : problem.title) ??
    (status ? `The answer was HTTP ${status}.` : error.message)
  if (tell.wait === undefined) return { code, title: tell.title, detail, retryable: false }
  // api.video's own 429s (passthrough) say X-RateLimit-Retry-After instead of Retry-After.
  const upstreamWait = Number(error.response?.headers.get('x-ratelimit-retry-after') ?? Number.NaN)
  return {
    code,
    title: tell.title,
    detail:
      tell.fixed || !problem.requestId ? detail : `${detail} Request id: ${problem.requestId}.`,
    retryable: true,
    retryAfterSeconds: error.retryAfter ?? (upstreamWait >= 0 ? upstreamWait : tell.wait),
  }
}

// Without the broker's code: the client's own, or, for api.video's answers (passthrough), the status.
function codeOf({ code, status = 0 }: KeywardError): string {
  if (code !== 'request_failed' && code !== 'token_fetch_failed') return code
  if (code === 'token_fetch_failed' && status === 429) return 'rate_limited'
  if (status === 401) return 'invalid_token'
  if (status === 429) return 'upstream_rate_limited'
  if (status >= 500) return 'upstream_error'
  if (status === 403) return 'insufficient_scope'
  return 'upstream_rejected'
}

function unreachable({ brokerUrl, origin, brokerReachable }: TroubleContext): Trouble {
  if (brokerReachable) return notAllowed(origin)
  return {
    code: 'broker_unreachable',
    title: 'Can’t reach the broker',
    detail: `Nothing answered at ${brokerUrl}. Check your connection, or that the broker is running. Trying again shortly.`,
    retryable: true,
  }
}

function notAllowed(origin: string): Trouble {
  return {
    code: 'origin_not_allowed',
    title: 'This site may not use the broker',
    detail: `The broker gives tokens only to the sites on its allow-list, and ${origin} is not one of them (ALLOWED_ORIGINS).`,
    retryable: false,
  }
}

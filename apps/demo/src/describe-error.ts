import { KeywardError } from '@keyward/client'
import { isHTTPError, isNetworkError, isTimeoutError } from 'ky'

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

interface Problem {
  code?: string
  title?: string
  detail?: string
  requestId?: string
}

/** Turns anything the library, the broker or the network throws into a `Trouble`. */
export function describeError(error: unknown, context: TroubleContext): Trouble {
  const keyward = findKeywardError(error)
  if (keyward) return fromTokenFailure(keyward, context)
  if (isHTTPError(error)) {
    const { status, headers } = error.response
    return fromProblem(status, readProblem(error.data), retryAfter(headers), context)
  }
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

function findKeywardError(error: unknown): KeywardError | undefined {
  for (let at = error, depth = 0; at && depth < 5; depth++) {
    if (at instanceof KeywardError) return at
    at = (at as { cause?: unknown }).cause
  }
  return undefined
}

function fromTokenFailure(error: KeywardError, context: TroubleContext): Trouble {
  const problem = readProblem(error.cause)
  if (error.code === 'unauthenticated') {
    return fromProblem(401, { code: 'unauthenticated', ...problem }, undefined, context)
  }
  if (error.code === 'forbidden' && problem.code !== 'origin_not_allowed') {
    return {
      code: problem.code ?? 'forbidden',
      title: 'The broker won’t give this page the access it asked for',
      detail: problem.detail ?? 'Ask for fewer scopes, or sign in as someone allowed more.',
      retryable: false,
    }
  }
  if (error.code === 'forbidden') return notAllowed(context.origin)
  if (error.code === 'invalid_token_response') {
    return {
      code: error.code,
      title: 'The broker sent an unusable token',
      detail: 'Its answer had no access token. Check the broker version.',
      retryable: false,
    }
  }
  if (error.code === 'disposed') {
    return {
      code: error.code,
      title: 'This page was closed',
      detail: 'Reload it.',
      retryable: false,
    }
  }
  if (error.status !== undefined) {
    const fallback = error.status === 429 ? { code: 'rate_limited' } : {}
    return fromProblem(error.status, { ...fallback, ...problem }, undefined, context)
  }
  return unreachable(context)
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

// One function per family of answers keeps each under a screenful.
function fromProblem(
  status: number,
  problem: Problem,
  wait: number | undefined,
  context: TroubleContext
): Trouble {
  const code = problem.code ?? passthroughCode(status)
  const withWait = (trouble: Omit<Trouble, 'retryAfterSeconds'>, fallback: number): Trouble => ({
    ...trouble,
    retryAfterSeconds: wait ?? fallback,
  })
  switch (code) {
    case 'rate_limited':
      return withWait(
        {
          code,
          title: 'Too many requests from this browser',
          detail: 'The broker limits how often one visitor may call it.',
          retryable: true,
        },
        30
      )
    case 'upstream_rate_limited':
      return withWait(
        {
          code,
          title: 'api.video is rate-limiting this account',
          detail: 'Too many requests reached api.video in the last minute.',
          retryable: true,
        },
        30
      )
    case 'upstream_error':
    case 'upstream_unavailable':
    case 'upstream_timeout':
    case 'internal_error':
    case 'invalid_config':
      return withWait(serverTrouble(code, status, problem), 5)
    default:
      return clientTrouble(code, status, problem, context)
  }
}

function serverTrouble(code: string, status: number, problem: Problem): Trouble {
  const reference = problem.requestId ? ` Request id: ${problem.requestId}.` : ''
  const titles: Record<string, string> = {
    upstream_error: 'api.video is having trouble',
    upstream_unavailable: 'api.video can’t be reached right now',
    upstream_timeout: 'api.video didn’t answer in time',
  }
  const title = titles[code] ?? 'The broker ran into a problem'
  const said = problem.detail ?? `The answer was HTTP ${status}.`
  return { code, title, detail: `${said}${reference}`, retryable: true }
}

function clientTrouble(code: string, status: number, problem: Problem, context: TroubleContext) {
  const trouble = (title: string, detail: string): Trouble => ({
    code,
    title,
    detail,
    retryable: false,
  })
  switch (code) {
    case 'origin_not_allowed':
      return notAllowed(context.origin)
    case 'unauthenticated':
      return trouble(
        'You’re signed out',
        'The broker no longer accepts this session. Sign in again, then reload the page.'
      )
    case 'invalid_token':
      return trouble(
        'Your session could not be renewed',
        'The broker refused a fresh token too. Reload the page.'
      )
    case 'insufficient_scope':
      return trouble(
        'Your token doesn’t allow this',
        problem.detail ?? 'Ask the broker for more scopes.'
      )
    case 'upstream_rejected':
      return status === 404
        ? trouble(
            'That video no longer exists',
            'It may have been deleted from another tab or device.'
          )
        : trouble(
            'api.video refused the request',
            problem.detail ?? problem.title ?? `HTTP ${status}.`
          )
    case 'invalid_scope':
      return trouble(
        'This page asked for a scope the broker does not know',
        problem.detail ?? 'Check the scope in the address (?scope=…).'
      )
    case 'payload_too_large':
      return trouble('That is too large', problem.detail ?? 'The broker refused the request body.')
    default:
      return trouble(
        'The request failed',
        problem.detail ?? problem.title ?? `The answer was HTTP ${status}.`
      )
  }
}

// api.video's own problems (passthrough mode) carry no `code`: go by status.
function passthroughCode(status: number): string {
  if (status === 401) return 'invalid_token'
  if (status === 429) return 'upstream_rate_limited'
  if (status >= 500) return 'upstream_error'
  if (status === 403) return 'insufficient_scope'
  return 'upstream_rejected'
}

function readProblem(data: unknown): Problem {
  let value = data
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return {}
    }
  }
  if (typeof value !== 'object' || value === null) return {}
  const record = value as Record<string, unknown>
  const problem: Problem = {}
  for (const key of ['code', 'title', 'detail', 'requestId'] as const) {
    if (typeof record[key] === 'string') problem[key] = record[key]
  }
  return problem
}

/** `Retry-After` in seconds (delta or HTTP date), or api.video's `X-RateLimit-Retry-After`. */
export function retryAfter(headers: Headers): number | undefined {
  const raw = headers.get('retry-after') ?? headers.get('x-ratelimit-retry-after')
  if (raw === null) return undefined
  if (/^\d+$/.test(raw.trim())) return Number(raw)
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

/**
 * api.video's errors are RFC 7807 problem details whose `type` is a docs URL
 * (reference/apivideo-protocol.md §1.3, §2.4). The titles below are the catalogue's exact text.
 */
export const PROBLEMS = {
  'authentication-invalid-user-credentials': [400, 'The user credentials were incorrect.'],
  'authentication-invalid-api-key': [401, 'The API key is invalid.'],
  'authentication-invalid-access-token': [401, 'The access token is invalid or expired.'],
  'authentication-invalid-upload-token': [401, 'The upload token is invalid or expired.'],
  'authentication-invalid-refresh-token': [401, 'The refresh token is invalid.'],
  'authentication-invalid-authorization-header-value': [
    401,
    'The "Authorization" header value is invalid.',
  ],
  'authentication-missing-authorization-header': [401, 'The "Authorization" header is missing.'],
  'authentication-missing-upload-token': [401, 'The upload token is missing.'],
  'attribute-required': [400, 'This attribute is required.'],
  'invalid-attribute': [400, 'An attribute is invalid.'],
  'invalid-payload': [400, 'The payload is invalid.'],
  'out-of-range': [400, 'This parameter is out of the allowed range of values.'],
  'resource-not-found': [404, 'The requested resource could not be found.'],
  'unrecognized-request-url': [404, 'Unrecognized request URL.'],
  'method-not-allowed': [405, 'Method is not allowed for this route.'],
  'payload-too-large': [413, 'The payload is too large.'],
  'unsupported-media-type': [415, 'The content type is not supported.'],
  'too-many-requests': [429, 'Too many requests.'],
  'server-error': [500, 'Server error'],
} as const satisfies Record<string, readonly [number, string]>

export type ProblemSlug = keyof typeof PROBLEMS

export interface Problem {
  type: string
  title: string
  status: number
  name?: string
  detail?: string
  problems?: Array<{ type: string; title: string; name?: string }>
  [extension: string]: unknown
}

export const PROBLEM_BASE = 'https://docs.api.video/reference/'
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface ProblemInit {
  name?: string
  detail?: string
  status?: number
  title?: string
  /** Repeat the problem in `problems[]`, as api.video does for attribute errors. */
  withProblems?: boolean
  extra?: Record<string, unknown>
}

export function problem(slug: ProblemSlug, init: ProblemInit = {}): Problem {
  const [status, title] = PROBLEMS[slug]
  const body: Problem = {
    type: `${PROBLEM_BASE}${slug}`,
    title: init.title ?? title,
    status: init.status ?? status,
  }
  if (init.name !== undefined) body.name = init.name
  if (init.detail !== undefined) body.detail = init.detail
  Object.assign(body, init.extra)
  if (init.withProblems) {
    const entry: { type: string; title: string; name?: string } = {
      type: body.type,
      title: body.title,
    }
    if (init.name !== undefined) entry.name = init.name
    body.problems = [entry]
  }
  return body
}

export function problemResponse(body: Problem, headers: HeadersInit = {}): Response {
  const res = new Response(JSON.stringify(body), { status: body.status, headers })
  res.headers.set('content-type', PROBLEM_CONTENT_TYPE)
  return res
}

/** Thrown inside handlers; the app's one `onError` renders it. */
export class ApiProblem extends Error {
  readonly body: Problem
  readonly headers: Record<string, string>

  constructor(slug: ProblemSlug, init: ProblemInit = {}, headers: Record<string, string> = {}) {
    const body = problem(slug, init)
    super(body.title)
    this.name = 'ApiProblem'
    this.body = body
    this.headers = headers
  }

  toResponse(): Response {
    return problemResponse(this.body, this.headers)
  }
}

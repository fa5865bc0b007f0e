import { ANALYTICS_PROBLEMS } from './analytics/analytics-problems.ts'
import { MEDIA_PROBLEMS } from './media/media-problems.ts'
import { SUMMARY_PROBLEMS } from './summaries/summary-problems.ts'
import { UPLOAD_PROBLEMS } from './uploads/upload-problems.ts'

/**
 * api.video's errors are RFC 7807 problem details whose `type` is a docs URL
 * (api.video's docs: Errors, Authentication). The titles below are the catalogue's exact text.
 */
const GENERAL_PROBLEMS = {
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
  // The catalogue lists this page without a title; the text mirrors `invalid-attribute`.
  'invalid-query-parameter': [400, 'A query parameter is invalid.'],
  'resource-not-found': [404, 'The requested resource could not be found.'],
  'unrecognized-request-url': [404, 'Unrecognized request URL.'],
  'method-not-allowed': [405, 'Method is not allowed for this route.'],
  'payload-too-large': [413, 'The payload is too large.'],
  'too-many-requests': [429, 'Too many requests.'],
  'server-error': [500, 'Server error'],
} as const satisfies Record<string, readonly [number, string]>

export const PROBLEMS = {
  ...GENERAL_PROBLEMS,
  ...UPLOAD_PROBLEMS,
  ...MEDIA_PROBLEMS,
  ...SUMMARY_PROBLEMS,
  ...ANALYTICS_PROBLEMS,
}

export type ProblemSlug = keyof typeof PROBLEMS

/** One entry of `problems[]`: api.video lists every attribute error of a request there. */
export interface ProblemEntry {
  type: string
  title: string
  name?: string
  [extension: string]: unknown
}

export interface Problem {
  type: string
  title: string
  status: number
  name?: string
  detail?: string
  problems?: ProblemEntry[]
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
  /** The full `problems[]` list, when a request has several errors. */
  problems?: ProblemEntry[]
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
  if (init.problems) body.problems = init.problems
  else if (init.withProblems) body.problems = [problemEntry(slug, init)]
  return body
}

/** A `problems[]` entry for `slug`. */
export function problemEntry(
  slug: ProblemSlug,
  init: Pick<ProblemInit, 'name' | 'title' | 'extra'> = {}
): ProblemEntry {
  const entry: ProblemEntry = {
    type: `${PROBLEM_BASE}${slug}`,
    title: init.title ?? PROBLEMS[slug][1],
  }
  if (init.name !== undefined) entry.name = init.name
  return Object.assign(entry, init.extra)
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

  constructor(
    slug: ProblemSlug,
    init: ProblemInit = {},
    headers: Record<string, string> = {},
    cause?: unknown
  ) {
    const body = problem(slug, init)
    super(body.title, cause === undefined ? undefined : { cause })
    this.name = 'ApiProblem'
    this.body = body
    this.headers = headers
  }

  toResponse(): Response {
    return problemResponse(this.body, this.headers)
  }
}

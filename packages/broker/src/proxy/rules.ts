import { BrokerError } from '../errors.ts'
import type { Scope } from '../scopes.ts'

/** How a proxied call's body travels: not at all, buffered (so it can be replayed), or streamed. */
export type BodyKind = 'none' | 'json' | 'stream'

export interface ProxyRule {
  /** A stable name for logs, e.g. `videos.list`. */
  operation: string
  method: string
  /** Matched against the raw, still percent-encoded path after `/v1/api`. */
  path: RegExp
  scope: Scope
  body: BodyKind
}

const VIDEO = 'vi[0-9A-Za-z]{22}'

/**
 * The only api.video operations the proxy forwards, and the scope each needs. Anything else,
 * including `/auth/*`, `/upload-tokens*`, `/upload`, other resources, dot segments and any
 * percent-encoded variant, matches no rule and is refused: deny by default.
 */
export const PROXY_RULES: readonly ProxyRule[] = [
  {
    operation: 'videos.list',
    method: 'GET',
    path: /^\/videos$/,
    scope: 'videos:read',
    body: 'none',
  },
  {
    operation: 'videos.get',
    method: 'GET',
    path: new RegExp(`^/videos/${VIDEO}$`),
    scope: 'videos:read',
    body: 'none',
  },
  {
    operation: 'videos.status',
    method: 'GET',
    path: new RegExp(`^/videos/${VIDEO}/status$`),
    scope: 'videos:read',
    body: 'none',
  },
  {
    operation: 'videos.create',
    method: 'POST',
    path: /^\/videos$/,
    scope: 'videos:write',
    body: 'json',
  },
  {
    operation: 'videos.update',
    method: 'PATCH',
    path: new RegExp(`^/videos/${VIDEO}$`),
    scope: 'videos:write',
    body: 'json',
  },
  {
    operation: 'videos.delete',
    method: 'DELETE',
    path: new RegExp(`^/videos/${VIDEO}$`),
    scope: 'videos:delete',
    body: 'none',
  },
  {
    operation: 'videos.upload',
    method: 'POST',
    path: new RegExp(`^/videos/${VIDEO}/source$`),
    scope: 'videos:upload',
    body: 'stream',
  },
]

/** Query strings longer than this are refused; api.video's own filters are short. */
const MAX_QUERY_LENGTH = 2048

/** The rule for a proxied call, or a `route_not_allowed` refusal. */
export function matchRule(method: string, path: string, search: string): ProxyRule {
  const rule = PROXY_RULES.find(
    (candidate) => candidate.method === method && candidate.path.test(path)
  )
  if (!rule) throw new BrokerError('route_not_allowed')
  if (search.length > MAX_QUERY_LENGTH) {
    throw new BrokerError('invalid_request', { detail: 'The query string is too long.' })
  }
  return rule
}

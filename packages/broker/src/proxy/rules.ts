import { BrokerError, invalidRequest } from '../errors.ts'
import { OPERATIONS } from './generated/operations.ts'
import type { ProxyRule } from './operation-rule.ts'

/** Query strings longer than this are refused; api.video's own filters are short. */
const MAX_QUERY_LENGTH = 2048

/**
 * The rule for a proxied call, or a `route_not_allowed` refusal. The rules are generated from
 * api.video's OpenAPI file; anything else, including `/auth/*`, `/upload-tokens*`, `/upload`,
 * `/webhooks*`, dot segments and any percent-encoded variant, matches none: deny by default.
 */
export function matchRule(
  method: string,
  path: string,
  search: string,
  rules: readonly ProxyRule[] = OPERATIONS
): ProxyRule {
  const candidates = indexOf(rules).get(`${method} ${firstSegment(path)}`)
  const rule = candidates?.find((candidate) => candidate.pattern.test(path))
  if (!rule) throw new BrokerError('route_not_allowed')
  if (search.length > MAX_QUERY_LENGTH) {
    throw invalidRequest('The query string is too long.')
  }
  return rule
}

/** Rules by method and first path segment, each list in table order; built once per table. */
const INDEXES = new WeakMap<readonly ProxyRule[], Map<string, ProxyRule[]>>()

/**
 * The index of a rule table. Every rule's path starts with a literal segment (`/videos/…`) that
 * its pattern spells out, so a rule can only match a path with that first segment: looking among
 * those alone finds the same first match as scanning the whole table.
 */
function indexOf(rules: readonly ProxyRule[]): Map<string, ProxyRule[]> {
  let index = INDEXES.get(rules)
  if (index !== undefined) return index
  index = new Map()
  for (const rule of rules) {
    const key = `${rule.method} ${firstSegment(rule.path)}`
    if (key.includes('{'))
      throw new Error(`${rule.operation}: the first path segment is a parameter`)
    const list = index.get(key)
    if (list === undefined) index.set(key, [rule])
    else list.push(rule)
  }
  INDEXES.set(rules, index)
  return index
}

/** `videos` in `/videos/vi…/status`; the whole rest for a path with one segment. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1)
  return end === -1 ? path.slice(1) : path.slice(1, end)
}

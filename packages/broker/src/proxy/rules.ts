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
  const rule = rules.find(
    (candidate) => candidate.method === method && candidate.pattern.test(path)
  )
  if (!rule) throw new BrokerError('route_not_allowed')
  if (search.length > MAX_QUERY_LENGTH) {
    throw invalidRequest('The query string is too long.')
  }
  return rule
}

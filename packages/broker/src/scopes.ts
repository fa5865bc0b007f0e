import { BrokerError } from './errors.ts'

/**
 * The scopes a broker token can carry; the proxy rules map each to api.video operations.
 *
 * @example
 * SCOPES.includes('videos:read') // true
 */
export const SCOPES = [
  'videos:read',
  'videos:write',
  'videos:delete',
  'videos:upload',
  'livestreams:read',
  'livestreams:write',
  'livestreams:delete',
  'players:read',
  'players:write',
  'players:delete',
  'watermarks:read',
  'watermarks:write',
  'watermarks:delete',
  'analytics:read',
  // Not an operation: lifts ownership mode's limits (README, "Ownership").
  'admin',
] as const

/**
 * One broker scope.
 *
 * @example
 * const scopes: Scope[] = ['videos:read', 'videos:upload']
 */
export type Scope = (typeof SCOPES)[number]

/**
 * The `scope` reported for a passthrough token: the whole api.video account.
 *
 * @example
 * if (body.scope === PASSTHROUGH_SCOPE) callApiVideoDirectly(body.access_token)
 */
export const PASSTHROUGH_SCOPE = 'apivideo:*'

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value)
}

/** Parses a space-separated scope string (RFC 6749 §3.3); unknown names are an `invalid_scope`. */
export function parseScope(value: unknown): Scope[] {
  if (
    typeof value !== 'string' ||
    !/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/.test(value)
  ) {
    throw new BrokerError('invalid_scope', { detail: 'scope must be space-separated scope names' })
  }
  const scopes = new Set<Scope>()
  for (const name of value.split(' ')) {
    if (!isScope(name)) {
      throw new BrokerError('invalid_scope', {
        detail: `Unknown scope. Known scopes: ${SCOPES.join(', ')}.`,
      })
    }
    scopes.add(name)
  }
  return [...scopes]
}

/**
 * The scopes to grant: the requested subset of what the caller may have, or all of it.
 * Asking for more than the caller may have is refused rather than silently narrowed, so a
 * client learns about a misconfiguration at once.
 */
export function grantScopes(allowed: readonly Scope[], requested: Scope[] | undefined): Scope[] {
  const granted = requested ?? [...allowed]
  const missing = granted.find((scope) => !allowed.includes(scope))
  if (missing !== undefined) {
    throw new BrokerError('insufficient_scope', { detail: `The caller may not have ${missing}.` })
  }
  if (granted.length === 0) {
    throw new BrokerError('insufficient_scope', { detail: 'The caller may not have any scope.' })
  }
  return SCOPES.filter((scope) => granted.includes(scope))
}

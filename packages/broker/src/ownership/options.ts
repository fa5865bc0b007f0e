import { DEFAULTS, fail, integer } from '../options/defaults.ts'
import type { Scope } from '../scopes.ts'

/**
 * Ownership mode: every video created through the broker carries its creator's `sub` in its
 * api.video metadata, and each caller sees and changes only their own videos (README, "Ownership").
 *
 * @example
 * createBroker({ ...options, ownership: { metadataKey: 'keyward:owner' } })
 */
export interface OwnershipOptions {
  /** The metadata key that holds a video's owner; callers can never set or filter on it. Default: `'keyward:owner'`. */
  metadataKey?: string
  /** How long an isolate remembers a video's owner, in seconds (0 to 86 400; 0: never). Default: 300. */
  cacheTtlSeconds?: number
  /** How many videos' owners an isolate remembers at most (0 to 1 000 000). Default: 10 000. */
  cacheSize?: number
}

/** Ownership mode's options, checked, with every default applied. */
export interface ResolvedOwnership {
  metadataKey: string
  cacheTtlSeconds: number
  cacheSize: number
}

/** What ownership mode is checked against: the rest of the configuration. */
export interface OwnershipContext {
  anonymousScopes: readonly Scope[]
  tokenMode: string
  /** `userJwt.scopes` when it is a fixed list (`USER_JWT_SCOPES`). */
  userJwtScopes: readonly Scope[] | undefined
}

/** A scope an anonymous caller may not hold in ownership mode: it would own, or bypass, videos. */
const ANONYMOUS_REFUSED = /:(write|delete|upload)$|^admin$/

/**
 * Checks the `ownership` option and the configuration around it. Refused: anonymous callers
 * with a scope that writes, deletes, uploads or bypasses ownership (they all share one `sub`, so
 * they would share every video); passthrough mode (its token is account-wide); a fixed
 * `USER_JWT_SCOPES` list that makes every user an admin.
 */
export function resolveOwnership(
  value: false | OwnershipOptions | undefined,
  context: OwnershipContext
): ResolvedOwnership | undefined {
  if (value === undefined || value === false) return undefined
  if (typeof value !== 'object' || value === null) {
    fail('ownership must be an object or false (OWNERSHIP=metadata|off)')
  }
  const {
    metadataKey = DEFAULTS.ownershipMetadataKey,
    cacheTtlSeconds = DEFAULTS.ownershipCacheTtlSeconds,
    cacheSize = DEFAULTS.ownershipCacheSize,
  } = value
  checkKey(metadataKey)
  integer('ownership.cacheTtlSeconds', cacheTtlSeconds)
  integer('ownership.cacheSize', cacheSize)
  checkContext(context)
  return { metadataKey, cacheTtlSeconds, cacheSize }
}

/** The key goes into `metadata[key]=…` filters: brackets would change what the filter means. */
function checkKey(key: unknown): asserts key is string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > 255 ||
    key.trim() !== key ||
    /[[\]\p{Cc}]/u.test(key)
  ) {
    fail(
      'ownership.metadataKey (OWNERSHIP_METADATA_KEY) must be 1 to 255 characters, without ' +
        'brackets, control characters or surrounding spaces'
    )
  }
}

function checkContext({ anonymousScopes, tokenMode, userJwtScopes }: OwnershipContext): void {
  const refused = anonymousScopes.filter((scope) => ANONYMOUS_REFUSED.test(scope))
  if (refused.length > 0) {
    fail(
      `anonymousScopes (ANONYMOUS_SCOPES) may not include ${refused.join(', ')} with ownership ` +
        '(OWNERSHIP=metadata): anonymous callers share one identity, so they would share every ' +
        'video they create; give them videos:read at most'
    )
  }
  if (tokenMode === 'passthrough') {
    fail(
      'ownership (OWNERSHIP=metadata) needs tokenMode broker (TOKEN_MODE): a passthrough token ' +
        'reaches every video of the account'
    )
  }
  if (userJwtScopes?.includes('admin')) {
    fail(
      'userJwt.scopes (USER_JWT_SCOPES) may not include admin with ownership ' +
        "(OWNERSHIP=metadata): it would make every user an admin; grant admin in the user JWT's scope claim"
    )
  }
}

import { unauthenticated } from '../errors.ts'
import type { Scope } from '../scopes.ts'

/**
 * Who asks for a token, as an authenticator established it.
 *
 * @example
 * const caller: Caller = { sub: 'user-42', scopes: ['videos:read', 'videos:upload'] }
 */
export interface Caller {
  /** Becomes the broker token's `sub`. */
  sub: string
  /** The scopes this caller may receive. */
  scopes: Scope[]
  /** Anonymous callers share one `sub`, so they are rate limited per client address instead. */
  anonymous?: boolean
}

/**
 * Establishes the caller of `POST /v1/token`. Returns `undefined` when the request carries no
 * credential this authenticator knows (the next one is tried), and throws a
 * `BrokerError('unauthenticated')` when it carries one that does not verify.
 *
 * @example
 * import { BrokerError, type CallerAuthenticator } from '@keyward/broker'
 *
 * const apiKeyCallers: CallerAuthenticator = async (request) => {
 *   const key = request.headers.get('x-partner-key')
 *   if (key === null) return undefined
 *   const partner = await lookUpPartner(key)
 *   if (!partner) throw new BrokerError('unauthenticated')
 *   return { sub: partner.id, scopes: ['videos:read'] }
 * }
 */
export type CallerAuthenticator = (
  request: Request
) => Promise<Caller | undefined> | Caller | undefined

/**
 * The explicit anonymous mode: every caller gets `scopes`, nothing more, as `sub: "anonymous"`.
 *
 * @example
 * createBroker({ ...options, authenticate: anonymousCaller(['videos:read']) })
 */
export function anonymousCaller(scopes: readonly Scope[]): CallerAuthenticator {
  const caller: Caller = { sub: 'anonymous', scopes: [...scopes], anonymous: true }
  return () => caller
}

/** Tries each authenticator in turn; nobody claiming the request is an `unauthenticated` 401. */
export async function authenticate(
  authenticators: readonly CallerAuthenticator[],
  request: Request
): Promise<Caller> {
  for (const authenticator of authenticators) {
    const caller = await authenticator(request)
    if (caller) return caller
  }
  throw unauthenticated('No credentials were presented and anonymous mode is off.')
}

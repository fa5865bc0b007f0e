import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose'
import { unauthenticated } from '../errors.ts'
import { isScope, type Scope } from '../scopes.ts'
import type { CallerAuthenticator } from './caller.ts'

/**
 * Verification of the app's own user JWT (`Authorization: Bearer <user JWT>` on `/v1/token`).
 *
 * @example
 * const userJwt: UserJwtOptions = {
 *   jwksUrl: 'https://id.example.com/.well-known/jwks.json',
 *   issuer: 'https://id.example.com',
 *   audience: 'video-app',
 *   scopes: (claims) => (claims.role === 'editor' ? ['videos:read', 'videos:write'] : ['videos:read']),
 * }
 */
export interface UserJwtOptions {
  /** The app's JWKS URL (https, or http on loopback). Give this or `key`. */
  jwksUrl?: string
  /** A public JWK or a key set `{ keys: [...] }`, instead of a JWKS URL. */
  key?: JWK | { keys: JWK[] }
  /** The `iss` user tokens must carry. */
  issuer: string
  /** The `aud` user tokens must carry (one of them). */
  audience: string | string[]
  /** Accepted algorithms. Default: `['RS256', 'ES256', 'EdDSA']` (never `none` or HMAC). */
  algorithms?: string[]
  /**
   * The broker scopes a user may get: the same list for every user, or a function of the verified
   * claims. Default: the known broker scopes listed in the token's `scope` (string) or `scp`
   * (array) claim.
   */
  scopes?: Scope[] | ((claims: JWTPayload) => Scope[] | Promise<Scope[]>)
  /** Allowed clock skew, in seconds. Default: 5. */
  clockToleranceSeconds?: number
}

export interface UserJwtContext {
  fetch: typeof fetch
  now: () => number
}

/** A caller authenticator for the app's user JWTs; the user's `sub` becomes the token's `sub`. */
export function userJwtAuthenticator(
  {
    jwksUrl,
    key,
    issuer,
    audience,
    algorithms = ['RS256', 'ES256', 'EdDSA'],
    scopes = scopesFromClaims,
    clockToleranceSeconds = 5,
  }: UserJwtOptions,
  { fetch: fetchImpl, now }: UserJwtContext
): CallerAuthenticator {
  const keys =
    jwksUrl === undefined
      ? createLocalJWKSet(key && 'keys' in key ? key : { keys: key ? [key] : [] })
      : createRemoteJWKSet(new URL(jwksUrl), {
          timeoutDuration: 5000,
          [customFetch]: (url, init) => fetchImpl(url, init),
        })
  return async function userJwt(request) {
    const header = request.headers.get('authorization')
    if (header === null) return undefined
    const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header)?.[1]
    if (token === undefined) throw unauthenticated('Authorization must be "Bearer <user JWT>".')
    let claims: JWTPayload
    try {
      ;({ payload: claims } = await jwtVerify(token, keys, {
        algorithms,
        issuer,
        audience,
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'exp'],
      }))
    } catch (cause) {
      throw unauthenticated('The user token did not verify.', cause)
    }
    const granted = typeof scopes === 'function' ? await scopes(claims) : scopes
    return { sub: claims.sub as string, scopes: granted.filter(isScope) }
  }
}

/**
 * The default claim mapping: the known broker scopes named by a `scope` (RFC 8693 §4.2) or `scp`
 * claim.
 *
 * @example
 * scopesFromClaims({ scope: 'openid videos:read' }) // ['videos:read']
 */
export function scopesFromClaims(claims: JWTPayload): Scope[] {
  const raw = typeof claims.scope === 'string' ? claims.scope.split(' ') : claims.scp
  return Array.isArray(raw) ? raw.filter(isScope) : []
}

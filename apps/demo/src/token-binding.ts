import type { DpopFetch, DpopPublicJwk } from '@keyward/client/dpop'

/** What the token panel says of the token's binding (DPoP, RFC 9449). */
export interface TokenBinding {
  /** The SHA-256 thumbprint of the key the token is bound to, as the token's `cnf.jkt` names it. */
  jkt: string | undefined
  /** Whether this tab holds that key (its own, or the one another tab handed over with the token). */
  held: boolean
}

/** The JWK SHA-256 thumbprint of RFC 7638: the required members in lexicographic order. */
export async function thumbprint({ crv, kty, x, y }: DpopPublicJwk): Promise<string> {
  const canonical = JSON.stringify({ crv, kty, x, y })
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

/** `cnf.jkt` of a JWT access token (RFC 9449 §6.1), read without verifying: for display only. */
export function confirmedKey(accessToken: string): string | undefined {
  try {
    const part = accessToken.split('.')[1] ?? ''
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const claims = JSON.parse(json) as { cnf?: { jkt?: unknown } }
    return typeof claims.cnf?.jkt === 'string' ? claims.cnf.jkt : undefined
  } catch {
    return undefined
  }
}

/** The token's `cnf.jkt`, and whether it is the thumbprint of the key this tab signs it with. */
export async function bindingOf(dpop: DpopFetch, accessToken: string): Promise<TokenBinding> {
  const jkt = confirmedKey(accessToken)
  const key = dpop.keyOf(accessToken)
  return { jkt, held: Boolean(jkt && key && (await thumbprint(key.jwk)) === jkt) }
}

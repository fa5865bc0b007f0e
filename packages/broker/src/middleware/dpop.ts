import type { Context } from 'hono'
import type { BrokerEnv } from '../context.ts'
import type { VerifiedDpopProof } from '../dpop/proof.ts'
import type { ResolvedDpop } from '../dpop/resolve.ts'
import { BrokerError } from '../errors.ts'
import type { SenderConstraint } from './broker-token.ts'

/** What the DPoP checks need from the broker's options. */
export interface DpopCheckOptions {
  dpop: ResolvedDpop
  /** The broker's public origin, when a reverse proxy rewrites the URL it forwards. */
  publicUrl: string | undefined
}

/**
 * The URL a proof's `htu` must name: the request's, or its path on `publicUrl`. Query and
 * fragment never count (RFC 9449 §4.3); `htuOf` drops them from both sides.
 */
export function proofUrl(requestUrl: string, publicUrl: string | undefined): string {
  return publicUrl === undefined ? requestUrl : `${publicUrl}${new URL(requestUrl).pathname}`
}

/**
 * The proof of a token request, checked, or `undefined` when the token is not to be bound: DPoP
 * off (the header is ignored, RFC 9449 §5), or optional and no proof sent. Errors are the token
 * endpoint's: 400 `invalid_dpop_proof` or `use_dpop_nonce` (RFC 9449 §5, §8).
 */
export async function tokenRequestProof(
  c: Context<BrokerEnv>,
  { dpop, publicUrl }: DpopCheckOptions
): Promise<VerifiedDpopProof | undefined> {
  if (dpop.mode === 'off') return undefined
  const proof = c.req.header('dpop')
  if (proof === undefined && dpop.mode === 'optional') return undefined
  const verified = await dpop.verify({
    proof,
    method: c.req.method,
    url: proofUrl(c.req.url, publicUrl),
    site: 'token',
  })
  // A fresh nonce with every token: the client's next proofs carry it (RFC 9449 §8.2). The token
  // answer is built whole from `c.var.baseHeaders`.
  if (dpop.nonces !== undefined) c.get('baseHeaders')['dpop-nonce'] = await dpop.nonces.current()
  return verified
}

/**
 * The DPoP side of `requireBrokerToken` on the proxy and `/v1/upload-token` (RFC 9449 §7): a token
 * bound to a key (`cnf.jkt`) is accepted only as `Authorization: DPoP <token>` with a proof of
 * this request signed by that key, whose `ath` is the token's hash and whose `jti` is new, in
 * every mode; with `'required'`, unbound tokens are refused too.
 *
 * @example
 * app.all('/v1/api/*', requireBrokerToken({ signer, sender: dpopSender(options) }), handler)
 */
export function dpopSender({ dpop, publicUrl }: DpopCheckOptions): SenderConstraint {
  const algs = `algs="${dpop.verify.algorithms.join(' ')}"`
  const refuse = (detail: string) =>
    new BrokerError('invalid_token', {
      detail,
      headers: { 'www-authenticate': `DPoP error="invalid_token", ${algs}` },
    })
  return {
    challenge: {
      off: 'Bearer error="invalid_token"',
      optional: `Bearer error="invalid_token", DPoP ${algs}`,
      required: `DPoP error="invalid_token", ${algs}`,
    }[dpop.mode],
    async check(c, { scheme, token, claims }) {
      const jkt = claims.cnf?.jkt
      if (jkt === undefined) {
        if (scheme === 'dpop')
          throw refuse('This token is not bound to a DPoP key: send it as "Bearer <token>".')
        if (dpop.mode === 'required')
          throw refuse('This broker takes DPoP-bound tokens only: request one with a DPoP proof.')
        return undefined
      }
      if (scheme !== 'dpop')
        throw refuse('This token is bound to a DPoP key: send it as "DPoP <token>" with a proof.')
      const proof = await dpop.verify({
        proof: c.req.header('dpop'),
        method: c.req.method,
        url: proofUrl(c.req.url, publicUrl),
        accessToken: token,
        boundJkt: jkt,
      })
      return proof.nextNonce === undefined ? undefined : { 'dpop-nonce': proof.nextNonce }
    },
  }
}

import type { Context, MiddlewareHandler } from 'hono'
import type { BrokerEnv } from '../context.ts'
import { insufficientScope, invalidToken, originMismatch } from '../errors.ts'
import type { Scope } from '../scopes.ts'
import type { BrokerTokenClaims, Signer } from '../tokens/signer.ts'
import { isComplete } from './response-headers.ts'

/** The scheme is case-insensitive (RFC 9110 §11.1); `DPoP` is RFC 9449 §7.1's. */
const AUTHORIZATION = /^(Bearer|DPoP) ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i

/** A verified broker token and the scheme it came with. */
export interface PresentedToken {
  scheme: 'bearer' | 'dpop'
  token: string
  claims: BrokerTokenClaims
}

/** Who may present a token beyond holding it: DPoP's proof of possession (`dpopSender`). */
export interface SenderConstraint {
  /** `WWW-Authenticate` when no token is sent (RFC 9449 §7.1). */
  challenge: string
  /**
   * Throws unless the request's sender may use this token; may return headers for the answer
   * (a fresh `DPoP-Nonce`), set on whatever Response the handler returns.
   */
  check(
    c: Context<BrokerEnv>,
    presented: PresentedToken
  ): Promise<Record<string, string> | undefined>
}

export interface BrokerTokenOptions {
  signer: Signer
  /** Default: bearer tokens only. */
  sender?: SenderConstraint
}

/**
 * Verifies the broker token in `Authorization: Bearer …` (or `DPoP …`, checked by `sender`) and
 * sets `c.var.claims`. A request that carries an `Origin` must come from the origin the token was
 * issued to (`client_id`, RFC 9068 §2.2): a token taken from one app cannot be used from another
 * allowed one.
 */
export function requireBrokerToken({
  signer,
  sender,
}: BrokerTokenOptions): MiddlewareHandler<BrokerEnv> {
  return async function requireBrokerToken(c, next) {
    const [, scheme, token] = AUTHORIZATION.exec(c.req.header('authorization') ?? '') ?? []
    if (scheme === undefined || token === undefined) throw missingToken(sender)
    const claims = await signer.verify(token)
    const origin = c.req.header('origin')
    if (origin !== undefined && origin !== claims.client_id) throw originMismatch()
    const presented = { scheme: scheme.toLowerCase() as PresentedToken['scheme'], token, claims }
    const answerHeaders = sender ? await sender.check(c, presented) : undefined
    if (!sender && presented.scheme !== 'bearer')
      throw invalidToken('Send the broker token as Bearer.')
    c.set('claims', claims)
    // Handlers return their own Response (the proxy relays api.video's), so `c.header()` would
    // not reach it: an answer built whole takes them from `c.var.baseHeaders`, others get them set.
    if (answerHeaders) Object.assign(c.get('baseHeaders') ?? {}, answerHeaders)
    await next()
    if (answerHeaders && !isComplete(c.res))
      for (const [name, value] of Object.entries(answerHeaders)) c.res.headers.set(name, value)
  }
}

function missingToken(sender: SenderConstraint | undefined) {
  if (sender === undefined)
    return invalidToken('Send the broker token as "Authorization: Bearer <token>".')
  return invalidToken(
    'Send the broker token as "Authorization: Bearer <token>", or "DPoP <token>" with a proof.',
    undefined,
    sender.challenge
  )
}

/** Whether the verified token carries `scope`. */
export function hasScope(granted: string, scope: Scope): boolean {
  return ` ${granted} `.includes(` ${scope} `)
}

/** Answers 403 `insufficient_scope` unless the verified token carries `scope`. */
export function requireScope(scope: Scope): MiddlewareHandler<BrokerEnv> {
  return async function requireScope(c, next) {
    if (!hasScope(c.get('claims').scope, scope)) throw insufficientScope(scope)
    await next()
  }
}

import type { MiddlewareHandler } from 'hono'
import type { BrokerEnv } from '../context.ts'
import { insufficientScope, invalidToken, originMismatch } from '../errors.ts'
import type { Scope } from '../scopes.ts'
import type { Signer } from '../tokens/signer.ts'

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/

export interface BrokerTokenOptions {
  signer: Signer
}

/**
 * Verifies the broker token in `Authorization: Bearer …` and sets `c.var.claims`. A request that
 * carries an `Origin` must come from the origin the token was issued to (`client_id`, RFC 9068
 * §2.2): a token taken from one app cannot be used from another allowed one.
 */
export function requireBrokerToken({ signer }: BrokerTokenOptions): MiddlewareHandler<BrokerEnv> {
  return async function requireBrokerToken(c, next) {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1]
    if (token === undefined)
      throw invalidToken('Send the broker token as "Authorization: Bearer <token>".')
    const claims = await signer.verify(token)
    const origin = c.req.header('origin')
    if (origin !== undefined && origin !== claims.client_id) throw originMismatch()
    c.set('claims', claims)
    await next()
  }
}

/** Whether the verified token carries `scope`. */
export function hasScope(granted: string, scope: Scope): boolean {
  return ` ${granted} `.includes(` ${scope} `)
}

/** Answers 403 `insufficient_scope` unless the verified token carries `scope`. */
export function requireScope(scope: Scope): MiddlewareHandler<BrokerEnv> {
  return async function requireScope(c, next) {
    if (!hasScope(c.var.claims.scope, scope)) throw insufficientScope(scope)
    await next()
  }
}

import type { Caller } from '../auth/caller.ts'
import type { BrokerEnv } from '../context.ts'
import { BrokerError } from '../errors.ts'
import { NO_STORE, waitUntilOf } from '../http/background.ts'
import { honoApp } from '../http/hono-app.ts'
import { readJsonObject } from '../http/json-body.ts'
import type { LogFields } from '../logger.ts'
import { callerAuth } from '../middleware/caller-auth.ts'
import { tokenRequestProof } from '../middleware/dpop.ts'
import { originGuard } from '../middleware/origin-guard.ts'
import { rateLimit } from '../middleware/rate-limit.ts'
import { completeResponse } from '../middleware/response-headers.ts'
import { grantScopes, PASSTHROUGH_SCOPE, parseScope, SCOPES, type Scope } from '../scopes.ts'
import { callerKey, type RouteDeps } from './deps.ts'
import { createLivenessCheck, type LivenessCheck } from './liveness-check.ts'

/** The token request body is tiny: `{"scope": "..."}`. */
const MAX_TOKEN_REQUEST_BYTES = 4096
/** Token answers must not be cached (RFC 6749 §5.1). */
const TOKEN_ANSWER = { 'content-type': 'application/json', ...NO_STORE }
/** A passthrough token is never handed out with less than this left. */
const PASSTHROUGH_MIN_VALIDITY_MS = 60_000

/** `POST /v1/token`: a broker token (or, in passthrough mode, the upstream token) for a caller. */
export function tokenRoutes(deps: RouteDeps) {
  const { options } = deps
  const app = honoApp<BrokerEnv>()
  const live = createLivenessCheck({
    client: deps.client,
    upstream: deps.upstream,
    now: options.now,
    timeoutMs: options.upstreamTimeoutMs,
  })

  app.post(
    '/v1/token',
    originGuard({ origins: options.allowedOrigins, required: true }),
    callerAuth({ authenticators: options.authenticators }),
    rateLimit({
      limiter: options.limiter,
      bucket: 'token',
      key: (c) =>
        callerKey(c, options, {
          sub: c.get('caller').sub,
          anonymous: c.get('caller').anonymous === true,
        }),
      periodSeconds: options.rateLimitPeriodSeconds,
    }),
    async (c) => {
      const request: TokenRequest = {
        caller: c.get('caller'),
        requested: await requestedScope(c.req.raw),
        // originGuard made sure there is an allowed Origin: the SPA is the client (RFC 9068 §2.2).
        clientId: c.req.header('origin') as string,
        waitUntil: waitUntilOf(c),
        jkt: (await tokenRequestProof(c, options))?.jkt,
      }
      const { body, audit } =
        options.tokenMode === 'passthrough'
          ? await passthroughToken(deps, live, request)
          : await brokerToken(deps, request)
      options.logger.info('token.issued', { ...audit, requestId: c.get('requestId') })
      const headers = { ...c.get('baseHeaders'), ...TOKEN_ANSWER }
      return completeResponse(JSON.stringify(body), { status: 200, headers })
    }
  )

  return app
}

/** The optional `{"scope": "videos:read videos:upload"}` body: a subset of the allowed scopes. */
async function requestedScope(request: Request): Promise<Scope[] | undefined> {
  const body = await readJsonObject(request, MAX_TOKEN_REQUEST_BYTES)
  return body?.scope === undefined ? undefined : parseScope(body.scope)
}

interface TokenRequest {
  caller: Caller
  requested: Scope[] | undefined
  clientId: string
  waitUntil: ((promise: Promise<unknown>) => void) | undefined
  /** The thumbprint of the DPoP key to bind the token to (RFC 9449 §6). */
  jkt: string | undefined
}

interface IssuedToken {
  body: { access_token: string; token_type: 'Bearer' | 'DPoP'; expires_in: number; scope: string }
  /** The audit line: who got what, never the token itself. */
  audit: LogFields
}

/** A broker-minted `at+jwt` with the granted scopes. */
async function brokerToken(
  { options, signer, upstream }: RouteDeps,
  { caller, requested, clientId, waitUntil, jkt }: TokenRequest
): Promise<IssuedToken> {
  const scope = grantScopes(caller.scopes, requested).join(' ')
  const ttlSeconds = options.tokenTtlSeconds
  const { token, claims } = await signer.sign({
    sub: caller.sub,
    clientId,
    scope,
    ttlSeconds,
    anonymous: caller.anonymous === true,
    ...(jkt === undefined ? {} : { jkt }),
  })
  // The proxy will need an upstream token soon: get one now, off the response path.
  upstream.warm({ waitUntil })
  return {
    body: {
      access_token: token,
      token_type: jkt === undefined ? 'Bearer' : 'DPoP',
      expires_in: ttlSeconds,
      scope,
    },
    audit: {
      mode: 'broker',
      sub: claims.sub,
      clientId,
      scope,
      jti: claims.jti,
      exp: claims.exp,
      // The key's thumbprint, never the proof: enough to tell which browser key holds the token.
      ...(jkt === undefined ? {} : { jkt }),
    },
  }
}

/** The api.video access token itself, with its true remaining lifetime. */
async function passthroughToken(
  { options, upstream }: RouteDeps,
  live: LivenessCheck,
  { caller, clientId, waitUntil }: TokenRequest
): Promise<IssuedToken> {
  // The upstream token is account-wide: only a caller allowed everything may hold it.
  const missing = SCOPES.find((scope) => !caller.scopes.includes(scope))
  if (missing) {
    throw new BrokerError('insufficient_scope', {
      detail: `Passthrough tokens are account-wide; the caller may not have ${missing}.`,
    })
  }
  const token = await live(
    await upstream.getToken({ waitUntil, minValidityMs: PASSTHROUGH_MIN_VALIDITY_MS }),
    waitUntil
  )
  // Never a fresh 3600 for a half-used token: `expires_in` is what is left (RFC 6749 §5.1).
  const expiresIn = Math.floor((token.expiresAt - options.now()) / 1000)
  return {
    body: {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      scope: PASSTHROUGH_SCOPE,
    },
    audit: { mode: 'passthrough', sub: caller.sub, clientId, expiresIn },
  }
}

import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { BrokerError, problemBody } from './errors.ts'
import { type BrokerOptions, resolveBrokerOptions, type Scope } from './options.ts'
import { createSigner } from './tokens/signer.ts'
import { createMemoryTokenManager } from './upstream/token-manager.ts'

/** Which scope each proxied api.video operation needs; anything not listed is refused. */
const PROXY_RULES: Array<{ method: string; path: RegExp; scope: Scope }> = [
  { method: 'GET', path: /^\/videos$/, scope: 'videos:read' },
  { method: 'GET', path: /^\/videos\/vi[0-9A-Za-z]{22}$/, scope: 'videos:read' },
]

/**
 * Creates the broker: a Hono app to mount or serve on any runtime with Web APIs.
 *
 * @example
 * import { createBroker } from '@keyward/broker'
 *
 * const app = createBroker({
 *   apiKey: env.APIVIDEO_API_KEY,
 *   allowedOrigins: ['https://app.example.com'],
 *   signingKey: JSON.parse(env.KEYWARD_SIGNING_KEY),
 *   anonymousScopes: ['videos:read'],
 * })
 * export default app
 */
export function createBroker(brokerOptions: BrokerOptions) {
  const options = resolveBrokerOptions(brokerOptions)
  const signer = createSigner(options)
  const upstream = createMemoryTokenManager(options)

  const app = new Hono()

  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (options.allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Range'],
      exposeHeaders: ['WWW-Authenticate', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    })
  )

  app.post('/v1/token', async (c) => {
    const origin = c.req.header('origin')
    if (!origin || !options.allowedOrigins.has(origin)) throw new BrokerError('origin_not_allowed')
    if (options.anonymousScopes.length === 0) throw new BrokerError('invalid_token')
    const access_token = await signer.sign({
      sub: 'anonymous',
      clientId: origin,
      scopes: options.anonymousScopes,
      ttlSeconds: options.tokenTtlSeconds,
    })
    return c.json({
      access_token,
      token_type: 'Bearer',
      expires_in: options.tokenTtlSeconds,
      scope: options.anonymousScopes.join(' '),
    })
  })

  app.get('/.well-known/jwks.json', (c) => c.json(signer.jwks()))

  app.all('/v1/api/*', async (c) => {
    const path = c.req.path.slice('/v1/api'.length)
    const authorization = c.req.header('authorization') ?? ''
    const token = /^Bearer ([\w.-]+)$/.exec(authorization)?.[1]
    if (!token) {
      throw new BrokerError('invalid_token', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      })
    }
    const claims = await signer.verify(token)
    const rule = PROXY_RULES.find((r) => r.method === c.req.method && r.path.test(path))
    if (!rule) throw new BrokerError('route_not_allowed')
    if (!claims.scope.split(' ').includes(rule.scope)) {
      throw new BrokerError('insufficient_scope', {
        headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${rule.scope}"` },
      })
    }
    const search = new URL(c.req.url).search
    const send = async (accessToken: string) =>
      options.fetch(`${options.apiBaseUrl}${path}${search}`, {
        method: c.req.method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      })
    let res = await send((await upstream.getToken()).accessToken)
    if (res.status === 401) {
      const rejected = (await upstream.getToken()).accessToken
      res = await send((await upstream.renew(rejected)).accessToken)
    }
    const headers = new Headers()
    for (const name of ['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining']) {
      const value = res.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    return new Response(res.body, { status: res.status, headers })
  })

  app.notFound(() => {
    throw new BrokerError('not_found')
  })

  app.onError((error, c) => {
    const brokerError =
      error instanceof BrokerError ? error : new BrokerError('internal_error', { cause: error })
    if (!(error instanceof BrokerError)) console.error('[keyward] unexpected error', error.name)
    return c.body(JSON.stringify(problemBody(brokerError)), brokerError.status as 500, {
      ...brokerError.headers,
      'content-type': 'application/problem+json',
    })
  })

  return app
}

import { SCOPES } from '@keyward/broker'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

/**
 * A user of the development identity provider.
 *
 * @example
 * const alice: DevUser = { id: 'alice', name: 'Alice', scope: 'videos:read videos:upload' }
 */
export interface DevUser {
  /** What `POST /sign-in` takes, and the token's `sub`. */
  id: string
  /** Shown by the demo. */
  name: string
  /** The `scope` claim: the broker's default mapping grants the broker scopes named here. */
  scope: string
  /** Not subject to ownership: carries the broker's `admin` scope. */
  admin?: boolean
}

const VIDEO_SCOPES = 'videos:read videos:write videos:delete videos:upload'

/**
 * The demo's users: Alice and Bob each work on their own videos; the admin is the one caller
 * that reaches account-wide data (analytics, every video) when the broker enforces ownership.
 */
export const DEV_USERS: readonly DevUser[] = [
  { id: 'alice', name: 'Alice', scope: VIDEO_SCOPES },
  { id: 'bob', name: 'Bob', scope: VIDEO_SCOPES },
  // Every broker scope, and `admin`, the scope that lifts ownership.
  { id: 'admin', name: 'Admin', scope: [...new Set([...SCOPES, 'admin'])].join(' '), admin: true },
]

/**
 * Options of `createIdentityProvider`.
 *
 * @example
 * const options: IdentityProviderOptions = { issuer: 'http://127.0.0.1:8788', allowedOrigins: [] }
 */
export interface IdentityProviderOptions {
  /** The `iss` of its tokens: the provider's own URL. */
  issuer: string
  /** The `aud` of its tokens. Default: `'keyward-demo'`. */
  audience?: string
  /** Origins whose pages may sign in (CORS); others get no CORS headers and a 403. */
  allowedOrigins: readonly string[]
  /** Who may sign in. Default: `DEV_USERS`. */
  users?: readonly DevUser[]
  /** Lifetime of a user token, in seconds. Default: 3600. */
  ttlSeconds?: number
  /**
   * The clock, in epoch ms. Default: `Date.now`. The stack passes the emulator's clock, which the
   * local broker follows, so a token expires when the broker thinks it does.
   */
  now?: () => number | Promise<number>
}

/**
 * A development identity provider: a Web request handler, and the public JWKS it serves.
 *
 * @example
 * const idp = await createIdentityProvider({ issuer, allowedOrigins: [demoOrigin] })
 * const res = await idp.fetch(new Request(`${issuer}/.well-known/jwks.json`))
 */
export interface IdentityProvider {
  fetch(request: Request): Promise<Response>
  /** The `kid` of this provider's key, generated at creation. */
  kid: string
  /** The public key set (never the private key). */
  jwks: { keys: JWK[] }
}

/** The answer of `POST /sign-in`. */
export interface SignInAnswer {
  /** The user JWT to send to the broker as `Authorization: Bearer …`. */
  id_token: string
  token_type: 'Bearer'
  expires_in: number
  user: { id: string; name: string; admin: boolean }
}

type ProblemCode = 'invalid_request' | 'unknown_user' | 'origin_not_allowed' | 'not_found'

/**
 * Creates a development identity provider that signs user JWTs (ES256) for `users` with a key
 * generated here, which never leaves the process: `GET /.well-known/jwks.json`, `GET /users`,
 * `POST /sign-in {"user": "alice"}`. There is no password: it is for local development only.
 *
 * @example
 * const idp = await createIdentityProvider({ issuer, allowedOrigins: ['http://127.0.0.1:5173'] })
 * const signIn = new Request(`${issuer}/sign-in`, { method: 'POST', body: '{"user":"alice"}' })
 * const { id_token } = await (await idp.fetch(signIn)).json()
 */
export async function createIdentityProvider({
  issuer,
  audience = 'keyward-demo',
  allowedOrigins,
  users = DEV_USERS,
  ttlSeconds = 3600,
  now = Date.now,
}: IdentityProviderOptions): Promise<IdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const kid = `dev-idp-${crypto.randomUUID().slice(0, 8)}`
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }

  async function signIn(request: Request): Promise<Response> {
    const body: unknown = await request.json().catch(() => undefined)
    const id = (body as { user?: unknown } | undefined)?.user
    if (typeof id !== 'string') {
      return problem(400, 'invalid_request', 'Send {"user": "<id>"} as JSON.')
    }
    const user = users.find((candidate) => candidate.id === id)
    if (!user) {
      const known = users.map((candidate) => candidate.id).join(', ')
      return problem(400, 'unknown_user', `No user "${id.slice(0, 40)}". Known users: ${known}.`)
    }
    const issuedAt = Math.floor((await now()) / 1000)
    const token = await new SignJWT({ scope: user.scope, name: user.name })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(privateKey)
    const answer: SignInAnswer = {
      id_token: token,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
      user: { id: user.id, name: user.name, admin: user.admin === true },
    }
    return json(answer)
  }

  async function route(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    const method = request.method
    if (pathname === '/.well-known/jwks.json' && method === 'GET') return json(jwks)
    if (pathname === '/users' && method === 'GET') {
      return json(users.map(({ id, name, admin }) => ({ id, name, admin: admin === true })))
    }
    if (pathname === '/sign-in' && method === 'POST') return signIn(request)
    return problem(404, 'not_found', `No ${method} ${pathname} here.`)
  }

  return {
    kid,
    jwks,
    async fetch(request) {
      const origin = request.headers.get('origin')
      const allowed = origin !== null && allowedOrigins.includes(origin)
      // A page of another origin gets no CORS headers, so its browser withholds every answer.
      const cors: Record<string, string> = allowed
        ? { 'access-control-allow-origin': origin, vary: 'origin' }
        : { vary: 'origin' }
      if (request.method === 'OPTIONS') {
        const preflight = allowed
          ? {
              'access-control-allow-methods': 'GET, POST',
              'access-control-allow-headers': 'content-type',
            }
          : {}
        return new Response(null, { status: 204, headers: { ...cors, ...preflight } })
      }
      const response =
        origin !== null && !allowed
          ? problem(403, 'origin_not_allowed', `${origin.slice(0, 100)} may not sign in here.`)
          : await route(request)
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value)
      return response
    },
  }
}

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } })

/** RFC 9457 problem details with a stable `code`. */
function problem(status: number, code: ProblemCode, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  })
}

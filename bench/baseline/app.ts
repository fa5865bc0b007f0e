import { Hono } from 'hono'
import { generateKeyPair, jwtVerify, SignJWT } from 'jose'

/** Where the bare forwarder sends `/proxy`, and the fixed upstream token it presents. */
export interface BaselineEnv {
  UPSTREAM_URL: string
  UPSTREAM_TOKEN: string
}

// Keys are made on the first request: Workers forbid random values in global scope.
let keys: Promise<CryptoKeyPair> | undefined
export const keyPair = () => {
  keys ??= generateKeyPair('EdDSA', { crv: 'Ed25519' })
  return keys
}

/**
 * The bare baseline: the least a Hono + jose Worker doing the broker's jobs can be. The same app
 * runs in workerd (`worker.ts`) and on `@hono/node-server` (`node.ts`).
 */
export const baseline = new Hono<{ Bindings: BaselineEnv }>()

baseline.get('/static', (c) => c.json({ ok: true }))

// A token endpoint's least work, with the claims and header a broker access token carries
// (RFC 9068 §2.2): one EdDSA signature over a payload of about the same size.
baseline.post('/token', async (c) => {
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({
    client_id: c.req.header('origin') ?? '',
    scope: 'videos:read',
    anon: true,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bare', typ: 'at+jwt' })
    .setIssuer('keyward')
    .setAudience('keyward-api')
    .setSubject('anonymous')
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign((await keyPair()).privateKey)
  // Token answers must not be cached (RFC 6749 §5.1).
  c.header('cache-control', 'no-store')
  return c.json({
    access_token: token,
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'videos:read',
  })
})

// The other half of a token Worker's job: check a token it issued.
baseline.get('/verify', async (c) => {
  const token = c.req.header('authorization')?.replace(/^Bearer /, '') ?? ''
  try {
    const { payload } = await jwtVerify(token, (await keyPair()).publicKey, { typ: 'at+jwt' })
    return c.json({ ok: true, scope: payload.scope })
  } catch {
    return c.json({ ok: false }, 401)
  }
})

/** One forwarded hop with a fixed upstream token: no verification, no scope check, no timeout. */
export async function forward(url: string, env: BaselineEnv): Promise<Response> {
  const search = new URL(url).search
  const upstream = await fetch(`${env.UPSTREAM_URL}/videos${search}`, {
    headers: { authorization: `Bearer ${env.UPSTREAM_TOKEN}` },
  })
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' },
  })
}

baseline.get('/proxy', (c) => forward(c.req.url, c.env))

/** The broker's default deadline for api.video's response headers, in ms. */
const DEADLINE_MS = 10_000

/**
 * `forward` as a careful forwarder writes it: the upstream call is aborted when its headers are
 * late (a timer and an AbortController; `AbortSignal.timeout` would also cut the body), and the
 * body then streams without a deadline.
 */
export async function forwardWithDeadline(url: string, env: BaselineEnv): Promise<Response> {
  const search = new URL(url).search
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), DEADLINE_MS)
  let upstream: Response
  try {
    upstream = await fetch(`${env.UPSTREAM_URL}/videos${search}`, {
      headers: { authorization: `Bearer ${env.UPSTREAM_TOKEN}` },
      signal: controller.signal,
    })
  } finally {
    clearTimeout(timer)
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' },
  })
}

baseline.get('/proxy-deadline', (c) => forwardWithDeadline(c.req.url, c.env))

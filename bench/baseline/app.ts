import { Hono } from 'hono'
import { generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { type DpopProof, verifyDpopProof } from './dpop.ts'

/** Where the bare forwarder sends `/proxy`, and the fixed upstream token it presents. */
export interface BaselineEnv {
  UPSTREAM_URL: string
  UPSTREAM_TOKEN: string
}

// Keys are made on the first request: Workers forbid random values in global scope.
let keys: Promise<CryptoKeyPair> | undefined
const keyPair = () => {
  keys ??= generateKeyPair('EdDSA', { crv: 'Ed25519' })
  return keys
}

/**
 * The bare baseline: the least a Hono + jose Worker doing the broker's jobs can be. The same app
 * runs in workerd (`worker.ts`) and on `@hono/node-server` (`node.ts`).
 */
export const baseline = new Hono<{ Bindings: BaselineEnv }>()

baseline.get('/static', (c) => c.json({ ok: true }))

// With a DPoP header, the token is bound to the proof's key (`cnf.jkt`, RFC 9449 §6).
baseline.post('/token', async (c) => {
  const now = Math.floor(Date.now() / 1000)
  const dpop = c.req.header('dpop')
  let proof: DpopProof | undefined
  if (dpop !== undefined) {
    proof = await verifyDpopProof(dpop, { method: 'POST', url: c.req.url }).catch(() => undefined)
    if (proof === undefined) return c.json({ ok: false }, 400)
  }
  const token = await new SignJWT({
    scope: 'videos:read',
    ...(proof === undefined ? {} : { cnf: { jkt: proof.jkt } }),
  })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign((await keyPair()).privateKey)
  const tokenType = proof === undefined ? 'Bearer' : 'DPoP'
  return c.json({ access_token: token, token_type: tokenType, expires_in: 3600 })
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
async function forward(c: { req: { url: string }; env: BaselineEnv }): Promise<Response> {
  const search = new URL(c.req.url).search
  const upstream = await fetch(`${c.env.UPSTREAM_URL}/videos${search}`, {
    headers: { authorization: `Bearer ${c.env.UPSTREAM_TOKEN}` },
  })
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' },
  })
}

baseline.get('/proxy', (c) => forward(c))

// The DPoP-bound forward: the token verified as `/verify` does, then the proof of this request by
// the key the token is bound to (`dpop.ts`), then the same forward as `/proxy`.
baseline.get('/proxy-dpop', async (c) => {
  const [scheme, token = ''] = (c.req.header('authorization') ?? '').split(' ')
  if (scheme !== 'DPoP') return c.json({ ok: false }, 401)
  try {
    const { payload } = await jwtVerify(token, (await keyPair()).publicKey, { typ: 'at+jwt' })
    const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt
    const proof = await verifyDpopProof(c.req.header('dpop') ?? '', {
      method: 'GET',
      url: c.req.url,
      accessToken: token,
    })
    if (proof.jkt !== jkt) return c.json({ ok: false }, 401)
  } catch {
    return c.json({ ok: false }, 401)
  }
  return forward(c)
})

import { Hono } from 'hono'
import { jwtVerify, SignJWT } from 'jose'
import { type BaselineEnv, baseline, forward, keyPair } from './app.ts'
import { type ReplayCheck, verifyDpopProof } from './dpop.ts'

/**
 * The bare baseline plus the bare DPoP forward (measurement 8): its own Worker
 * (`wrangler-dpop.jsonc`), so the bundle floor of measurement 6 stays the bare Hono + jose Worker
 * of `app.ts`.
 */
export const dpopBaseline = new Hono<{ Bindings: BaselineEnv }>()

dpopBaseline.route('/', baseline)

// A token bound to the proof's key (`cnf.jkt`, RFC 9449 §6), for `/proxy-dpop`.
dpopBaseline.post('/dpop-token', async (c) => {
  const proof = await verifyDpopProof(c.req.header('dpop') ?? '', {
    method: 'POST',
    url: c.req.url,
  }).catch(() => undefined)
  if (proof === undefined) return c.json({ ok: false }, 400)
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ scope: 'videos:read', cnf: { jkt: proof.jkt } })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign((await keyPair()).privateKey)
  return c.json({ access_token: token, token_type: 'DPoP', expires_in: 3600 })
})

/**
 * The DPoP-bound forward: the token verified as `/verify` does, then the proof of this request by
 * the key the token is bound to (`dpop.ts`, its id claimed with `replay`), then the same forward
 * as `/proxy`.
 */
export async function proxyDpop(
  request: Request,
  env: BaselineEnv,
  replay?: ReplayCheck
): Promise<Response> {
  const [scheme, token = ''] = (request.headers.get('authorization') ?? '').split(' ')
  if (scheme !== 'DPoP') return Response.json({ ok: false }, { status: 401 })
  try {
    const { payload } = await jwtVerify(token, (await keyPair()).publicKey, { typ: 'at+jwt' })
    const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt
    const proof = await verifyDpopProof(
      request.headers.get('dpop') ?? '',
      { method: 'GET', url: request.url, accessToken: token },
      replay
    )
    if (proof.jkt !== jkt) return Response.json({ ok: false }, { status: 401 })
  } catch {
    return Response.json({ ok: false }, { status: 401 })
  }
  return forward(request.url, env)
}

// The replay check in this isolate's memory. `worker-dpop.ts` adds `/proxy-dpop-do`, the same
// forward with the check in a Durable Object.
dpopBaseline.get('/proxy-dpop', (c) => proxyDpop(c.req.raw, c.env))

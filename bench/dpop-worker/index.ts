import { createBroker as createCompared } from 'keyward-broker-compared'
import { dpopBaseline } from '../baseline/dpop-app.ts'
import { memoryUpstream } from '../baseline/memory-upstream.ts'
import { BASELINE_ENV, memoryBrokerApp, ORIGIN, type Send } from '../src/memory-broker.ts'

// The broker's app with DPoP required (this build and a compared one) and the bare DPoP forward,
// driven with `app.request()` inside workerd, forwarding to an in-memory upstream: what one
// DPoP-bound call costs the isolate, without sockets, HTTP parsing or the dev proxy; beside them
// the same apps without DPoP (an unbound Bearer token, the bare `/proxy`).
//
//   POST /token?target=broker   (DPoP: a proof of POST http://localhost<token path>) → the token
//   POST /run?target=broker     {"token", "proofs": [...]} → each proof sent once, in turn

// The bare baseline forwards with the global fetch, as a Worker does.
globalThis.fetch = memoryUpstream

interface Target {
  send: Send
  tokenPath: string
  path: string
  /** `Bearer` for the targets without DPoP: their calls carry the same proofs, ignored. */
  scheme?: 'Bearer'
}

const TARGETS: Record<string, Target> = {
  broker: { send: memoryBrokerApp('required'), tokenPath: '/v1/token', path: '/v1/api/videos' },
  compared: {
    send: memoryBrokerApp('required', createCompared),
    tokenPath: '/v1/token',
    path: '/v1/api/videos',
  },
  'broker-off': {
    send: memoryBrokerApp('off'),
    tokenPath: '/v1/token',
    path: '/v1/api/videos',
    scheme: 'Bearer',
  },
  'bare-proxy': {
    send: (path, init) => dpopBaseline.request(path, init, BASELINE_ENV),
    tokenPath: '/token',
    path: '/proxy',
    scheme: 'Bearer',
  },
  bare: {
    send: (path, init) => dpopBaseline.request(path, init, BASELINE_ENV),
    tokenPath: '/dpop-token',
    path: '/proxy-dpop',
  },
}

async function run(target: Target, token: string, proofs: string[]) {
  let failed = 0
  const started = Date.now()
  for (const dpop of proofs) {
    const res = await target.send(`${target.path}?pageSize=10`, {
      headers: { origin: ORIGIN, authorization: `${target.scheme ?? 'DPoP'} ${token}`, dpop },
    })
    if (res.status !== 200) failed++
    await res.arrayBuffer()
  }
  return { n: proofs.length, failed, elapsedMs: Date.now() - started }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/healthz') return Response.json({ ok: true })
    const target = TARGETS[url.searchParams.get('target') ?? '']
    if (target === undefined) return Response.json({ error: 'unknown target' }, { status: 404 })
    if (url.pathname === '/paths')
      return Response.json({ tokenPath: target.tokenPath, path: target.path })
    if (url.pathname === '/token') {
      const res = await target.send(target.tokenPath, {
        method: 'POST',
        headers: { origin: ORIGIN, dpop: request.headers.get('dpop') ?? '' },
      })
      return new Response(res.body, { status: res.status })
    }
    const { token, proofs } = (await request.json()) as { token: string; proofs: string[] }
    return Response.json(await run(target, token, proofs))
  },
}

// The broker's own work per proxied call inside workerd, without the network: two builds of the
// Worker (`createWorker` of the current dist and of a compared one), each plain and in ownership
// mode, answering `GET /v1/api/videos?pageSize=10` from an in-memory api.video, timed with
// `performance.now()` over blocks of sequential calls, in interleaved rounds. Native fetch and
// the socket are left out; everything the broker does around them is in.
import { createWorker as currentWorker } from '@keyward/broker/cloudflare'
import { Hono } from 'hono'
import { exportJWK, generateKeyPair } from 'jose'
import { createWorker as comparedWorker } from 'keyward-compared/cloudflare'
import { forward, forwardWithDeadline } from '../baseline/app.ts'
import { benchUserJwt, ownershipVars } from '../src/bench-user.ts'

const ORIGIN = 'http://bench.keyward.test'
const UPSTREAM = 'http://127.0.0.1:9'
const QUERY = '?pageSize=10'

/** Ten videos and a page, about the size of the emulator's answer to the same list. */
const VIDEOS = JSON.stringify({
  data: Array.from({ length: 10 }, (_, i) => ({
    videoId: `vi${String(i).padStart(22, '0')}`,
    title: `Video ${i}`,
    description: '',
    public: true,
    panoramic: false,
    mp4Support: true,
    tags: [],
    metadata: [{ key: 'keyward:owner', value: 'alice' }],
    createdAt: '2026-11-28T12:00:00+00:00',
    updatedAt: '2026-11-28T12:00:00+00:00',
    source: { type: 'upload', uri: `/videos/vi${i}/source` },
    assets: {
      player: `https://embed.api.video/vod/vi${i}`,
      thumbnail: `https://vod.api.video/vod/vi${i}/thumbnail.jpg`,
    },
  })),
  pagination: {
    currentPage: 1,
    pageSize: 10,
    pagesTotal: 1,
    itemsTotal: 10,
    currentPageItems: 10,
    links: [],
  },
})

/** api.video in memory: the key exchange and the list, with api.video's rate-limit headers. */
const upstreamFetch: typeof fetch = async (input) => {
  const url = input instanceof Request ? input.url : String(input)
  if (url.includes('/auth/')) {
    return Response.json({
      access_token: 'loop-upstream-token',
      refresh_token: 'loop-refresh-token',
      token_type: 'Bearer',
      expires_in: 3600,
    })
  }
  return new Response(VIDEOS, {
    headers: {
      'content-type': 'application/json',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-retry-after': '0',
      server: 'loop',
      date: 'Mon, 30 Nov 2026 12:00:00 GMT',
    },
  })
}

interface Target {
  name: string
  fetch: (request: Request, env: never, ctx: ExecutionContext) => Promise<Response>
  env: Record<string, string>
  token: string
}

let targets: Promise<Target[]> | undefined

async function token(target: Omit<Target, 'token'>, ctx: ExecutionContext, user?: string) {
  const headers: Record<string, string> = { origin: ORIGIN, 'content-length': '0' }
  if (user !== undefined) headers.authorization = `Bearer ${user}`
  const res = await target.fetch(
    new Request('http://loop.test/v1/token', { method: 'POST', headers }),
    target.env as never,
    ctx
  )
  if (!res.ok)
    throw new Error(`${target.name}: /v1/token answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

// Keys are made on the first request: Workers forbid random values in global scope.
async function makeTargets(ctx: ExecutionContext): Promise<Target[]> {
  const signing = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const user = await generateKeyPair('ES256', { extractable: true })
  const plain = {
    APIVIDEO_API_KEY: 'loop-api-key',
    KEYWARD_SIGNING_KEY: JSON.stringify({
      ...(await exportJWK(signing.privateKey)),
      kid: 'loop',
      alg: 'EdDSA',
    }),
    APIVIDEO_BASE_URL: UPSTREAM,
    ALLOWED_ORIGINS: ORIGIN,
    ANONYMOUS_SCOPES: 'videos:read',
    RATE_LIMIT_REQUESTS: '0',
    PROXY_RATE_LIMIT_REQUESTS: '0',
    LOG_LEVEL: 'warn',
    TOKEN_TTL_SECONDS: '3600',
    UPSTREAM_TOKENS: 'memory',
    DEV_CLOCK: 'off',
  }
  const ownership = {
    ...plain,
    ...ownershipVars({ ...(await exportJWK(user.publicKey)), kid: 'u', alg: 'ES256' }),
  }
  const userJwt = await benchUserJwt(user.privateKey, 'u')
  const made: Target[] = []
  for (const [build, create] of [
    ['current', currentWorker],
    ['compared', comparedWorker],
  ] as const) {
    for (const [mode, env] of [
      ['plain', plain],
      ['ownership', ownership],
    ] as const) {
      const worker = create({ broker: { fetch: upstreamFetch } })
      const target = { name: `${build} ${mode}`, fetch: worker.fetch as Target['fetch'], env }
      made.push({
        ...target,
        token: await token(target, ctx, mode === 'ownership' ? userJwt : undefined),
      })
    }
  }
  made.push({ name: 'bare /proxy', fetch: bare.fetch as Target['fetch'], env: {}, token: '' })
  made.push({
    name: 'bare /proxy-deadline',
    fetch: bare.fetch as Target['fetch'],
    env: {},
    token: '',
  })
  return made
}

/**
 * The bare baseline's two forwards (`baseline/app.ts`), with the in-memory api.video for the
 * global `fetch`, which they call as a Worker does: the least JavaScript a forwarding Hono Worker
 * runs per call.
 */
globalThis.fetch = upstreamFetch
const bareEnv = { UPSTREAM_URL: UPSTREAM, UPSTREAM_TOKEN: 'loop-upstream-token' }
const bare = new Hono()
bare.get('/v1/api/videos', (c) => forward(c.req.url, bareEnv))
bare.get('/v1/api/deadline/videos', (c) => forwardWithDeadline(c.req.url, bareEnv))

/** Microseconds per call of one block of `calls` sequential proxied calls, bodies read. */
async function block(target: Target, calls: number, ctx: ExecutionContext): Promise<number> {
  const headers = { authorization: `Bearer ${target.token}`, origin: ORIGIN }
  const start = performance.now()
  for (let i = 0; i < calls; i++) {
    const path =
      target.name === 'bare /proxy-deadline' ? '/v1/api/deadline/videos' : '/v1/api/videos'
    const res = await target.fetch(
      new Request(`http://loop.test${path}${QUERY}`, { headers }),
      target.env as never,
      ctx
    )
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${target.name} answered ${res.status}`)
  }
  return ((performance.now() - start) * 1000) / calls
}

export default {
  async fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url)
    targets ??= makeTargets(ctx)
    const all = await targets
    if (url.pathname === '/static') return Response.json({ ok: true })
    const calls = Number(url.searchParams.get('calls') ?? '1000')
    const rounds = Number(url.searchParams.get('rounds') ?? '5')
    const only = url.searchParams.get('only')
    if (only !== null) {
      // One target alone, e.g. while a profiler samples it.
      const t = all.find((candidate) => candidate.name === only)
      if (t === undefined) return new Response(`no target ${only}`, { status: 404 })
      return Response.json({ [t.name]: [await block(t, calls, ctx)] })
    }
    const figures: Record<string, number[]> = Object.fromEntries(all.map((t) => [t.name, []]))
    for (const t of all) await block(t, calls / 10, ctx) // warm-up
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < all.length; i++) {
        const t = all[(i + r) % all.length] as Target
        figures[t.name]?.push(await block(t, calls, ctx))
      }
    }
    return Response.json(figures)
  },
}

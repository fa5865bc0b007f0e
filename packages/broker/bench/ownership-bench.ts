/**
 * What ownership mode costs per proxied call, beside ownership off and a bare forward-only route,
 * in one run: `pnpm --filter @keyward/broker bench`. Upstream is an in-memory fetch, so the
 * broker's own work is measured, and each case also reports the upstream calls it makes per
 * request: with a real api.video, each extra call adds one round trip. Cases run interleaved, in
 * rounds; each reports its median time per call and its ratio to the bare forward.
 */
import { Hono } from 'hono'
import type { BrokerOptions } from '../src/options/broker-options.ts'
import { mintToken, ORIGIN, signingJwk } from '../src/test-support/harness.ts'
import { inMemoryBroker } from './in-memory-broker.ts'

const VIDEO_ID = 'vi0123456789abcdefABCDEF'
const OWNER = 'alice'
const VIDEO = {
  videoId: VIDEO_ID,
  title: 'Maths',
  metadata: [{ key: 'keyward:owner', value: OWNER }],
}

let upstreamCalls = 0
const upstream = (async (input: RequestInfo | URL) => {
  const url = String(input)
  if (url.endsWith('/auth/api-key')) {
    return Response.json({ access_token: 'a', refresh_token: 'r', expires_in: 3600 })
  }
  upstreamCalls++
  return Response.json(url.includes(`/videos/${VIDEO_ID}`) ? VIDEO : { data: [VIDEO] })
}) as typeof fetch

const signingKey = await signingJwk('k1')
const brokerWith = (options: Partial<BrokerOptions>) =>
  inMemoryBroker(upstream, signingKey, { logLevel: 'warn', ...options })
const off = brokerWith({})
const cached = brokerWith({ ownership: {} })
const uncached = brokerWith({ ownership: { cacheSize: 0 } })

const token = await mintToken(signingKey, Date.now, {
  claims: { sub: OWNER, scope: 'videos:read', exp: Math.floor(Date.now() / 1000) + 3600 },
})
const headers = { origin: ORIGIN, authorization: `Bearer ${token}` }

/** The baseline: forwards whatever comes, checks nothing. */
const bare = new Hono().all('/v1/api/*', (c) => {
  const url = new URL(c.req.url)
  return upstream(`https://apivideo.test${url.pathname.slice(7)}${url.search}`)
})

const call = async (app: { request: Hono['request'] }, path: string) => {
  const res = await app.request(`/v1/api${path}`, { headers })
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
  await res.arrayBuffer()
}

const GET = `/videos/${VIDEO_ID}`
const GET_BARE = 'GET /videos/{id}, bare forward'
const LIST_BARE = 'GET /videos, bare forward'
const CASES: Record<string, () => Promise<void>> = {
  [GET_BARE]: () => call(bare, GET),
  'GET /videos/{id}, ownership off': () => call(off, GET),
  'GET /videos/{id}, ownership on, owner cached': () => call(cached, GET),
  'GET /videos/{id}, ownership on, no cache': () => call(uncached, GET),
  [LIST_BARE]: () => call(bare, '/videos'),
  'GET /videos, ownership off': () => call(off, '/videos'),
  'GET /videos, ownership on (forced filter)': () => call(cached, '/videos'),
}

// Warm every broker's upstream token (and the cached owner), so no case pays them.
for (const run of Object.values(CASES)) await run()

const ROUNDS = 7
const CALLS = 1000
const samples: Record<string, number[]> = {}
const perRequest: Record<string, number> = {}
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, run] of Object.entries(CASES)) {
    const before = upstreamCalls
    const started = performance.now()
    for (let i = 0; i < CALLS; i++) await run()
    const elapsed = performance.now() - started
    perRequest[name] = (upstreamCalls - before) / CALLS
    // Round 0 warms the JIT and is dropped.
    if (round === 0) continue
    samples[name] ??= []
    samples[name].push((elapsed * 1000) / CALLS)
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] as number
const results = Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v)]))
for (const [name, us] of Object.entries(results)) {
  const baseline = results[name.startsWith('GET /videos/') ? GET_BARE : LIST_BARE] as number
  const ratio = `x${(us / baseline).toFixed(2)}`
  const calls = `${perRequest[name]} upstream call(s)/request`
  console.log(`${name.padEnd(46)} ${us.toFixed(1).padStart(7)} µs/call (${ratio}), ${calls}`)
}

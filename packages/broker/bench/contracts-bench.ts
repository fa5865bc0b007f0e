/**
 * What the request contracts cost per request, beside a bare forward-only route, in one run:
 * `pnpm --filter @keyward/broker bench`. Upstream is an in-memory fetch, so only the broker's own
 * work is measured (token verification, rule, contracts, relay). Cases run interleaved, in rounds,
 * and each reports its median time per call and its ratio to the bare forward.
 */
import { Hono } from 'hono'
import { checkRequest } from '../src/proxy/contracts/check-request.ts'
import { matchRule } from '../src/proxy/rules.ts'
import { mintToken, ORIGIN, signingJwk } from '../src/test-support/harness.ts'
import { inMemoryBroker } from './in-memory-broker.ts'

const LIST = '/videos'
const FILTERED =
  '/videos?title=Maths&tags%5B%5D=a&tags%5B%5D=b&sortBy=title&currentPage=2&pageSize=10'
const ANALYTICS =
  '/data/timeseries/play?filterBy%5BmediaType%5D=video&filterBy%5Bbrowser%5D%5B%5D=firefox&from=2024-02-05T00:00:00Z&interval=day'
const CREATE = JSON.stringify({
  title: 'Maths',
  description: 'Lesson 1',
  tags: ['a', 'b'],
  metadata: [{ key: 'course', value: 'maths' }],
  language: 'en',
})

const upstream = (async (input: RequestInfo | URL) => {
  if (String(input).endsWith('/auth/api-key')) {
    return Response.json({ access_token: 'a', refresh_token: 'r', expires_in: 3600 })
  }
  return Response.json({ data: [] })
}) as typeof fetch

const signingKey = await signingJwk('k1')
const broker = inMemoryBroker(upstream, signingKey)
const token = await mintToken(signingKey, Date.now, {
  claims: { exp: Math.floor(Date.now() / 1000) + 3600 },
})
const headers = { origin: ORIGIN, authorization: `Bearer ${token}` }
const json = { ...headers, 'content-type': 'application/json' }

/** The baseline: forwards whatever comes, checks nothing. */
const bare = new Hono().all('/v1/api/*', (c) =>
  upstream(`https://apivideo.test${new URL(c.req.url).pathname.slice(7)}`)
)

const call = (app: { request: Hono['request'] }, path: string, init: RequestInit = {}) =>
  app.request(`/v1/api${path}`, { headers, ...init })

// Warm the upstream token once, so no case pays the exchange.
await call(broker, LIST)

const limits = {
  maxJsonBytes: 1 << 20,
  maxUploadBytes: 1 << 20,
  allowSensitiveFields: new Set<string>(),
}
const listRule = matchRule('GET', '/videos', '')
const createRule = matchRule('POST', '/videos', '')
const post = { method: 'POST', headers: json, body: CREATE }

const CASES: Record<string, () => unknown> = {
  'GET, bare forward': () => call(bare, LIST),
  'GET, broker, no query': () => call(broker, LIST),
  'GET, broker, 6 query parameters checked': () => call(broker, FILTERED),
  'GET, broker, analytics deepObject filter checked': () => call(broker, ANALYTICS),
  'POST, bare forward': () => call(bare, LIST, post),
  'POST, broker, JSON body checked': () => call(broker, LIST, post),
  'contract alone: 6 query parameters': () =>
    checkRequest(new Request(`http://x${FILTERED}`), FILTERED.slice(7), listRule, limits),
  'contract alone: JSON body read, parsed, validated': () =>
    checkRequest(new Request('http://x/videos', post), '', createRule, limits),
}

const ROUNDS = 7
const CALLS = 1000
const samples: Record<string, number[]> = {}
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, run] of Object.entries(CASES)) {
    const started = performance.now()
    for (let i = 0; i < CALLS; i++) await run()
    // Round 0 warms the JIT and is dropped.
    if (round === 0) continue
    samples[name] ??= []
    samples[name].push(((performance.now() - started) * 1000) / CALLS)
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] as number
const results = Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v)]))
const baseline = (name: string) =>
  name.startsWith('POST') ? results['POST, bare forward'] : results['GET, bare forward']
for (const [name, us] of Object.entries(results)) {
  const ratio = name.startsWith('contract')
    ? ''
    : ` (x${(us / (baseline(name) as number)).toFixed(2)})`
  console.log(`${name.padEnd(52)} ${us.toFixed(1).padStart(7)} µs/call${ratio}`)
}

import { join } from 'node:path'
import { type Stack, stopService } from '@keyward/dev-stack'
import { BENCH_ORIGIN, startBenchStack } from './bench-stack.ts'
import {
  athOf,
  type BrowserKey,
  browserKey,
  dpopRunner,
  type ProofSource,
  proof,
} from './dpop-load.ts'
import { brokerNodeEnv, startBareWorker, startNodeServer, upstreamToken } from './hot-path-stack.ts'
import { innerWorkerdPort } from './inner-port.ts'
import type { Target } from './load.ts'
import type { Goal, Section } from './report.ts'
import {
  allNoisy,
  formatSpread,
  roundsNote,
  roundsTable,
  rpsRatio,
  summary,
  targetsTable,
} from './round-figures.ts'
import { interleave, type Round, type RoundOptions } from './rounds.ts'
import { startVariantWorker } from './variant-brokers.ts'

// Measurement 8: the proxy's throughput with DPoP required against the bare DPoP forward (the
// least a Hono + jose Worker does for a DPoP-bound call, `baseline/dpop.ts`), against DPoP off and
// against the bare plain forward, on the Worker's own workerd and on Node. Every DPoP request
// carries its own proof (`dpop-load.ts`).

const PATH = '/v1/api/videos'
const QUERY = '?pageSize=10'

/** A token from `base` + `path` (`/v1/token`, or the bare `/dpop-token`), bound to `key` if given. */
async function tokenFrom(base: string, key?: BrowserKey, path = '/v1/token'): Promise<string> {
  const headers: Record<string, string> = { origin: BENCH_ORIGIN }
  if (key) headers.dpop = await proof(key, 'POST', `${base}${path}`, {})
  const res = await fetch(`${base}${path}`, { method: 'POST', headers })
  if (!res.ok) throw new Error(`${base}${path} answered ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { access_token: string; token_type: string }
  if (body.token_type !== (key ? 'DPoP' : 'Bearer')) throw new Error('unexpected token_type')
  return body.access_token
}

/** Whether a proof naming `htu` is accepted at `url` + `path`: which URL the Worker sees. */
async function acceptsHtu(url: string, path: string, htu: string, key: BrowserKey, token: string) {
  const dpop = await proof(key, 'GET', htu, { ath: await athOf(token) })
  const res = await fetch(`${url}${path}${QUERY}`, {
    headers: { authorization: `DPoP ${token}`, dpop },
  })
  await res.arrayBuffer()
  return res.ok
}

interface Setup {
  root: string
  logDir: string
  stack: Stack
  targets: Target[]
  sources: Map<string, ProofSource>
  notes: string[]
  /** Stops what was started, in any order. */
  stops: Array<() => Promise<void>>
}

const NAMES = {
  bare: (place: string) => `${place}: bare GET /proxy`,
  bareDpop: (place: string) => `${place}: bare GET /proxy-dpop`,
  off: (place: string) => `${place}: GET ${PATH}, DPoP off`,
  dpop: (place: string) => `${place}: GET ${PATH}, DPoP required`,
  dpopMemory: (place: string) => `${place}: GET ${PATH}, DPoP required, per-isolate replay cache`,
}

/** A target whose every request carries a fresh proof of `GET <htu>` for `token`. */
async function dpopTarget(
  setup: Setup,
  name: string,
  url: string,
  { token, key, htu }: { token: string; key: BrowserKey; htu: string }
) {
  setup.sources.set(name, { key, htu, ath: await athOf(token), rps: 3000 })
  setup.targets.push({ name, url: `${url}${QUERY}`, headers: { authorization: `DPoP ${token}` } })
}

/**
 * The DPoP target on a Worker's inner workerd socket at `inner` + `path`, whose dev proxy is
 * `devProxy`: the proofs name whichever URL the Worker sees there (checked with a probe).
 */
async function innerDpopTarget(
  setup: Setup,
  name: string,
  { devProxy, inner, path, tokenPath }: Record<'devProxy' | 'inner' | 'path' | 'tokenPath', string>
) {
  const key = await browserKey()
  const token = await tokenFrom(devProxy, key, tokenPath)
  // The URL a browser uses is the dev proxy's: the Worker must see that one, for htu to match.
  if (!(await acceptsHtu(devProxy, path, `${devProxy}${path}`, key, token)))
    throw new Error(`under wrangler dev, ${name} does not see the URL the browser used`)
  const htuBase = (await acceptsHtu(inner, path, `${inner}${path}`, key, token)) ? inner : devProxy
  await dpopTarget(setup, name, `${inner}${path}`, { token, key, htu: `${htuBase}${path}` })
  return htuBase === inner ? 'that socket' : "the dev proxy's URL"
}

/**
 * workerd: one broker under `wrangler dev` with DPOP=optional serves DPoP off and required; a
 * second one without the DPOP_REPLAY binding shows the Durable Object's cost on its own; the bare
 * baseline under `wrangler dev` serves both bare forwards.
 */
async function workerTargets(setup: Setup) {
  const { root, logDir, stack } = setup
  const upstream = { UPSTREAM_URL: stack.urls.emulator, UPSTREAM_TOKEN: await upstreamToken(stack) }
  const bare = await startBareWorker(root, logDir, upstream, 'baseline/wrangler-dpop.jsonc')
  setup.stops.push(() => stopService(bare.service))
  const bareInner = `http://127.0.0.1:${await innerWorkerdPort(bare.port, '/static')}`
  const devProxy = stack.urls.broker
  const inner = `http://127.0.0.1:${await innerWorkerdPort(Number(new URL(devProxy).port), '/healthz')}`
  const memory = await startVariantWorker(
    { root, logDir, stack, started: (service) => setup.stops.push(() => stopService(service)) },
    { name: 'dpop-memory-replay', description: '', vars: { DPOP: 'required' } },
    join(root, 'bench/broker-memory-replay/wrangler.jsonc')
  )
  setup.targets.push({ name: NAMES.bare('inner'), url: `${bareInner}/proxy${QUERY}` })
  setup.targets.push({
    name: NAMES.off('inner'),
    url: `${inner}${PATH}${QUERY}`,
    headers: { authorization: `Bearer ${await tokenFrom(devProxy)}` },
  })
  const seen = await innerDpopTarget(setup, NAMES.dpop('inner'), {
    devProxy,
    inner,
    path: PATH,
    tokenPath: '/v1/token',
  })
  await innerDpopTarget(setup, NAMES.dpopMemory('inner'), {
    devProxy: memory.url,
    inner: memory.inner,
    path: PATH,
    tokenPath: '/v1/token',
  })
  await innerDpopTarget(setup, NAMES.bareDpop('inner'), {
    devProxy: bare.url,
    inner: bareInner,
    path: '/proxy-dpop',
    tokenPath: '/dpop-token',
  })
  setup.notes.push(
    `Under \`wrangler dev\` each Worker sees the URL the browser used: a proof naming the dev proxy's URL (e.g. ${devProxy}) is accepted there. On the inner workerd socket the broker sees ${seen}, which the inner proofs name (probed for each Worker).`
  )
}

/** Node: the bare baseline, and `@keyward/broker/node` with DPOP=off and with DPOP=required. */
async function nodeTargets(setup: Setup) {
  const { root, logDir, stack } = setup
  const start = async (
    name: string,
    script: string,
    env: Record<string, string>,
    probe: string
  ) => {
    const server = await startNodeServer(root, logDir, { name, script, env, probe })
    setup.stops.push(() => stopService(server.service))
    return server.url
  }
  const upstream = { UPSTREAM_URL: stack.urls.emulator, UPSTREAM_TOKEN: await upstreamToken(stack) }
  const bare = await start(
    'dpop-baseline-node',
    'baseline/node.ts',
    { ...upstream, BASELINE_APP: 'dpop' },
    '/static'
  )
  const env = brokerNodeEnv(stack)
  const off = await start(
    'dpop-off-node',
    'broker-node/serve.ts',
    { ...env, DPOP: 'off' },
    '/healthz'
  )
  const required = await start(
    'dpop-required-node',
    'broker-node/serve.ts',
    { ...env, DPOP: 'required' },
    '/healthz'
  )
  setup.targets.push({ name: NAMES.bare('Node'), url: `${bare}/proxy${QUERY}` })
  setup.targets.push({
    name: NAMES.off('Node'),
    url: `${off}${PATH}${QUERY}`,
    headers: { authorization: `Bearer ${await tokenFrom(off)}` },
  })
  const key = await browserKey()
  const token = await tokenFrom(required, key)
  await dpopTarget(setup, NAMES.dpop('Node'), `${required}${PATH}`, {
    token,
    key,
    htu: `${required}${PATH}`,
  })
  const bareKey = await browserKey()
  const bareToken = await tokenFrom(bare, bareKey, '/dpop-token')
  await dpopTarget(setup, NAMES.bareDpop('Node'), `${bare}/proxy-dpop`, {
    token: bareToken,
    key: bareKey,
    htu: `${bare}/proxy-dpop`,
  })
}

const PLACES = ['inner', 'Node'] as const
type Place = (typeof PLACES)[number]
type Name = keyof typeof NAMES

/** The goals: the proxy's own, held against the bare forward that does DPoP's job too. */
const GOALS: Record<Place, number> = { inner: 0.97, Node: 0.85 }

const ratioOf = (rounds: Round[], place: Place, a: Name, b: Name) =>
  rpsRatio(rounds, NAMES[a](place), NAMES[b](place))

/** Whether every request of both targets got a 2xx. */
function clean(rounds: Round[], names: string[]): boolean {
  return names.every((name) => {
    const s = summary(rounds, name)
    return s.non2xx === 0 && s.errors === 0
  })
}

function goals(rounds: Round[]): Goal[] {
  return PLACES.map((place) => {
    const measured = ratioOf(rounds, place, 'dpop', 'bareDpop')
    const ok = clean(rounds, [NAMES.dpop(place), NAMES.bareDpop(place)])
    return {
      goal: `${place}: proxy with DPoP required >= ${GOALS[place]} of the bare DPoP forward`,
      measured: `${formatSpread(measured)}${ok ? '' : ' (with failed requests)'}`,
      met: ok && measured.median >= GOALS[place],
      noisy: allNoisy(rounds),
    }
  })
}

function ratioRows(rounds: Round[]) {
  const row = (label: string, a: Name, b: Name, places: readonly Place[] = PLACES) => [
    label,
    ...PLACES.map((p) => (places.includes(p) ? formatSpread(ratioOf(rounds, p, a, b)) : '—')),
  ]
  return [
    row('DPoP required ÷ bare DPoP forward', 'dpop', 'bareDpop'),
    row('DPoP required, per-isolate replay cache ÷ bare DPoP forward', 'dpopMemory', 'bareDpop', [
      'inner',
    ]),
    row('DPoP required ÷ DPoP off', 'dpop', 'off'),
    row('DPoP required ÷ bare forward', 'dpop', 'bare'),
    row('DPoP off ÷ bare forward', 'off', 'bare'),
    row('bare DPoP forward ÷ bare forward', 'bareDpop', 'bare'),
  ]
}

/** Measurement 8: DPoP's cost on the proxy, side by side with the bare DPoP forward. */
export async function measureDpop(
  root: string,
  logDir: string,
  options: RoundOptions
): Promise<Section> {
  const stack = await startBenchStack(root, { DPOP: 'optional', TOKEN_TTL_SECONDS: '3600' })
  const setup: Setup = {
    root,
    logDir,
    stack,
    targets: [],
    sources: new Map(),
    notes: [],
    stops: [],
  }
  setup.stops.push(() => stack.stop())
  try {
    await workerTargets(setup)
    await nodeTargets(setup)
    const rounds = await interleave(setup.targets, options, dpopRunner(setup.sources, 460))
    const met = goals(rounds)
    const names = setup.targets.map((t) => t.name)
    return {
      id: '8',
      title: 'DPoP on the proxy: required against the bare DPoP forward',
      target: met.map((g) => g.goal).join('; '),
      met: met.every((g) => g.met === true),
      headline: met.map((g) => `${g.goal.split(' >=')[0]} ${g.measured}`).join('; '),
      columns: ['Ratio of req/s (median of per-round ratios) [min–max]', ...PLACES],
      rows: ratioRows(rounds),
      goals: met,
      tables: [targetsTable(rounds, names), roundsTable(rounds)],
      notes: [roundsNote(rounds, options), ...setup.notes, ...NOTES],
    }
  } finally {
    await Promise.all(setup.stops.map((stop) => stop()))
  }
}

const NOTES = [
  'Every DPoP request carries its own ES256 proof (unique jti, ath of the token, iat at most a few seconds old), made in batches before each run; the other targets get a filler header of the same length, so the load generator works alike for all.',
  'Bare DPoP forward (`bench/baseline/dpop-app.ts` and `dpop.ts`, `GET /proxy-dpop`, its own Worker so that the bundle floor of 6 stays without it): the least a Hono + jose Worker does for a DPoP-bound call, written as jose documents it: `jwtVerify` of the at+jwt with its EdDSA key (as `/verify`), `jwtVerify` of the proof with `EmbeddedJWK` (typ dpop+jwt, ES256 only), htm, htu (origin + path of the request URL, compared as strings), iat within 60 s, ath (a SHA-256 per request), the `cnf.jkt` binding (`calculateJwkThumbprint` per request), a `<jkt>.<jti>` replay check in an in-memory Map of its isolate, then the same forward as `/proxy`. It imports the proof key on every request; the broker imports each key once per isolate.',
  'inner: one broker (`apps/worker` under `wrangler dev`) with DPOP=optional: "DPoP off" is an unbound Bearer token there (the check is one property read, as with DPOP=off), "DPoP required" a bound token with a proof per request; its replay cache is the DpopReplay Durable Object of wrangler.jsonc (an RPC and a SQLite write per proof), shared by every isolate, where the bare baseline\'s Map covers one isolate only. "Per-isolate replay cache" is a second `wrangler dev` of the same Worker without the DPOP_REPLAY binding (`bench/broker-memory-replay/wrangler.jsonc`): the broker\'s in-memory cache, the bare baseline\'s job exactly, so the Durable Object\'s cost is the difference between the two rows. Node: two `@keyward/broker/node` servers, DPOP=off and DPOP=required (in-memory replay cache, per process).',
]

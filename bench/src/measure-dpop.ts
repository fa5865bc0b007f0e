import { type Stack, stopService } from '@keyward/dev-stack'
import autocannon from 'autocannon'
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { BENCH_ORIGIN, startBenchStack } from './bench-stack.ts'
import { brokerNodeEnv, startBareWorker, startNodeServer, upstreamToken } from './hot-path-stack.ts'
import { innerWorkerdPort } from './inner-port.ts'
import type { Runner, Target } from './load.ts'
import type { Section } from './report.ts'
import {
  formatSpread,
  roundsNote,
  roundsTable,
  rpsRatio,
  summary,
  targetsTable,
} from './round-figures.ts'
import { interleave, type Round, type RoundOptions } from './rounds.ts'

// Measurement 8: the proxy's throughput with DPoP required against DPoP off and against the bare
// forward, on the Worker's own workerd and on Node. Every DPoP request carries its own proof
// (a unique jti, `ath` of the token, signed with ES256 as @keyward/client/dpop does), made before
// the run so the load generator only sends them.

const PATH = '/v1/api/videos'
const QUERY = '?pageSize=10'
/** Headroom over the last run's rate, so a run never runs out of proofs. */
const PROOF_HEADROOM = 1.6

interface BrowserKey {
  jwk: JWK
  privateKey: CryptoKey
}

async function browserKey(): Promise<BrowserKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  return { privateKey, jwk: await exportJWK(publicKey) }
}

async function athOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

function proof(key: BrowserKey, method: string, htu: string, claims: Record<string, unknown>) {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: method,
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey)
}

/** Proofs of `GET htu` for one bound token, made in batches before each run. */
interface ProofSource {
  key: BrowserKey
  htu: string
  ath: string
  /** The highest rate seen so far on this target, to size the next batch. */
  rps: number
}

async function proofsFor(source: ProofSource, count: number): Promise<string[]> {
  const proofs: string[] = []
  while (proofs.length < count) {
    const batch = Math.min(500, count - proofs.length)
    const made = Array.from({ length: batch }, () =>
      proof(source.key, 'GET', source.htu, { ath: source.ath })
    )
    proofs.push(...(await Promise.all(made)))
  }
  return proofs
}

/**
 * An autocannon run that sets a `DPoP` header on every request: a fresh proof for a DPoP target,
 * filler of the same length elsewhere, so every target's requests cost the load generator alike.
 */
function dpopRunner(sources: Map<string, ProofSource>, fillerLength: number): Runner {
  return async (target, connections, seconds) => {
    const source = sources.get(target.name)
    const proofs = source
      ? await proofsFor(source, Math.ceil(source.rps * seconds * PROOF_HEADROOM) + 200)
      : []
    const filler = 'x'.repeat(fillerLength)
    let next = 0
    const result = await autocannon({
      url: target.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          headers: target.headers ?? {},
          // Called for every request: each one takes the next proof (a used one is refused).
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, dpop: source ? (proofs[next++] ?? 'spent') : filler },
          }),
        },
      ],
    })
    if (source) source.rps = Math.max(source.rps, result.requests.average)
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    }
  }
}

async function tokenFrom(broker: string, key?: BrowserKey, htuBase = broker): Promise<string> {
  const headers: Record<string, string> = { origin: BENCH_ORIGIN }
  if (key) headers.dpop = await proof(key, 'POST', `${htuBase}/v1/token`, {})
  const res = await fetch(`${broker}/v1/token`, { method: 'POST', headers })
  if (!res.ok) throw new Error(`${broker}/v1/token answered ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { access_token: string; token_type: string }
  if (body.token_type !== (key ? 'DPoP' : 'Bearer')) throw new Error('unexpected token_type')
  return body.access_token
}

/** Whether a proof naming `htu` is accepted when sent to `url`: which URL the Worker sees. */
async function acceptsHtu(url: string, htu: string, key: BrowserKey, token: string) {
  const dpop = await proof(key, 'GET', htu, { ath: await athOf(token) })
  const res = await fetch(`${url}${PATH}${QUERY}`, {
    headers: { authorization: `DPoP ${token}`, dpop },
  })
  await res.arrayBuffer()
  return res.ok
}

interface Setup {
  targets: Target[]
  sources: Map<string, ProofSource>
  notes: string[]
  /** Stops what was started, in any order. */
  stops: Array<() => Promise<void>>
}

const NAMES = {
  bare: (place: string) => `${place}: bare GET /proxy`,
  off: (place: string) => `${place}: GET ${PATH}, DPoP off`,
  dpop: (place: string) => `${place}: GET ${PATH}, DPoP required`,
}

async function dpopTarget(
  setup: Setup,
  name: string,
  url: string,
  token: string,
  key: BrowserKey,
  htu: string
) {
  setup.sources.set(name, { key, htu, ath: await athOf(token), rps: 3000 })
  setup.targets.push({
    name,
    url: `${url}${PATH}${QUERY}`,
    headers: { authorization: `DPoP ${token}` },
  })
}

/** workerd: one broker under `wrangler dev` with DPOP=optional serves both sides of the ratio. */
async function workerTargets(root: string, logDir: string, setup: Setup, stack: Stack) {
  const upstream = { UPSTREAM_URL: stack.urls.emulator, UPSTREAM_TOKEN: await upstreamToken(stack) }
  const bare = await startBareWorker(root, logDir, upstream)
  setup.stops.push(() => stopService(bare.service))
  const bareInner = `http://127.0.0.1:${await innerWorkerdPort(bare.port, '/static')}`
  const devProxy = stack.urls.broker
  const innerPort = await innerWorkerdPort(Number(new URL(devProxy).port), '/healthz')
  const inner = `http://127.0.0.1:${innerPort}`
  const key = await browserKey()
  const token = await tokenFrom(devProxy, key)
  // The URL a browser uses is the dev proxy's: the Worker must see that one, for htu to match.
  if (!(await acceptsHtu(devProxy, `${devProxy}${PATH}`, key, token)))
    throw new Error('under wrangler dev, the Worker does not see the URL the browser used')
  const innerHtu = (await acceptsHtu(inner, `${inner}${PATH}`, key, token)) ? inner : devProxy
  setup.notes.push(
    `Under \`wrangler dev\` the Worker sees the URL the browser used: a proof naming the dev proxy's URL (${devProxy}) is accepted there. On the inner workerd socket it sees ${innerHtu === inner ? 'that socket' : "the dev proxy's URL"}, which the inner proofs name.`
  )
  setup.targets.push({ name: NAMES.bare('inner'), url: `${bareInner}/proxy${QUERY}` })
  setup.targets.push({
    name: NAMES.off('inner'),
    url: `${inner}${PATH}${QUERY}`,
    headers: { authorization: `Bearer ${await tokenFrom(devProxy)}` },
  })
  await dpopTarget(setup, NAMES.dpop('inner'), inner, token, key, `${innerHtu}${PATH}`)
}

/** Node: the bare baseline, and `@keyward/broker/node` with DPOP=off and with DPOP=required. */
async function nodeTargets(root: string, logDir: string, setup: Setup, stack: Stack) {
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
  const bare = await start('dpop-baseline-node', 'baseline/node.ts', upstream, '/static')
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
  await dpopTarget(setup, NAMES.dpop('Node'), required, token, key, `${required}${PATH}`)
}

const PLACES = ['inner', 'Node']

function ratioRows(rounds: Round[]) {
  const ratio = (place: string, a: keyof typeof NAMES, b: keyof typeof NAMES) =>
    formatSpread(rpsRatio(rounds, NAMES[a](place), NAMES[b](place)))
  return [
    ['DPoP required ÷ DPoP off', ...PLACES.map((p) => ratio(p, 'dpop', 'off'))],
    ['DPoP required ÷ bare forward', ...PLACES.map((p) => ratio(p, 'dpop', 'bare'))],
    ['DPoP off ÷ bare forward', ...PLACES.map((p) => ratio(p, 'off', 'bare'))],
  ]
}

/** Measurement 8: DPoP's cost on the proxy, side by side with DPoP off and the bare forward. */
export async function measureDpop(
  root: string,
  logDir: string,
  options: RoundOptions
): Promise<Section> {
  const setup: Setup = { targets: [], sources: new Map(), notes: [], stops: [] }
  try {
    const stack = await startBenchStack(root, { DPOP: 'optional', TOKEN_TTL_SECONDS: '3600' })
    setup.stops.push(() => stack.stop())
    await workerTargets(root, logDir, setup, stack)
    await nodeTargets(root, logDir, setup, stack)
    const rounds = await interleave(setup.targets, options, dpopRunner(setup.sources, 460))
    const rows = ratioRows(rounds)
    const failures = setup.targets.reduce((sum, t) => sum + summary(rounds, t.name).non2xx, 0)
    const names = setup.targets.map((t) => t.name)
    return {
      id: '8',
      title: 'DPoP on the proxy: required against off and the bare forward',
      target: 'informational: what a proof per request costs',
      met: null,
      headline: `DPoP required ÷ off: inner ${rows[0]?.[1]}, Node ${rows[0]?.[2]}${failures > 0 ? ` (${failures} non-2xx)` : ''}`,
      columns: ['Ratio of req/s (median of per-round ratios) [min–max]', ...PLACES],
      rows,
      tables: [targetsTable(rounds, names), roundsTable(rounds)],
      notes: [roundsNote(rounds, options), ...setup.notes, ...NOTES],
    }
  } finally {
    await Promise.all(setup.stops.map((stop) => stop()))
  }
}

const NOTES = [
  'Every DPoP request carries its own ES256 proof (unique jti, ath of the token, iat at most a few seconds old), made in batches before each run; the other targets get a filler header of the same length, so the load generator works alike for all.',
  'inner: one broker (`apps/worker` under `wrangler dev`) with DPOP=optional: "DPoP off" is an unbound Bearer token there (the check is one property read, as with DPOP=off), "DPoP required" a bound token with a proof per request; its replay cache is the DpopReplay Durable Object of wrangler.jsonc (a local RPC and a SQLite write per proof). Node: two `@keyward/broker/node` servers, DPOP=off and DPOP=required (in-memory replay cache).',
]

import { join } from 'node:path'
import { stopService } from '@keyward/dev-stack'
import { startBenchStack } from './bench-stack.ts'
import { browserKey, dpopRunner } from './dpop-load.ts'
import { DPOP_NOTES } from './dpop-notes.ts'
import {
  dpopTarget,
  innerDpopTarget,
  NAMES,
  PATH,
  QUERY,
  type Setup,
  tokenFrom,
} from './dpop-targets.ts'
import { brokerNodeEnv, startBareWorker, startNodeServer, upstreamToken } from './hot-path-stack.ts'
import { innerWorkerdPort } from './inner-port.ts'
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
import { interleaveBlocks, type Round, type RoundOptions } from './rounds.ts'
import { startVariantWorker } from './variant-brokers.ts'

// Measurement 8: the proxy's throughput with DPoP required against the bare DPoP forwards (the
// least a Hono + jose Worker does for a DPoP-bound call, `baseline/dpop.ts`), each replay check
// against its like: the broker's Durable Object against the bare one, the broker's in-memory cache
// against the bare Map; beside them DPoP off and the bare plain forward, on the Worker's own
// workerd and on Node. Every DPoP request carries its own proof (`dpop-load.ts`).

/**
 * workerd: one broker under `wrangler dev` with DPOP=optional serves DPoP off and required (its
 * replay Durable Object); a second one without the DPOP_REPLAY binding keeps a per-isolate cache;
 * the bare baseline under `wrangler dev` serves the plain forward and both bare DPoP forwards.
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
  for (const [name, path] of [
    [NAMES.bareDpop('inner'), '/proxy-dpop'],
    [NAMES.bareDpopDo('inner'), '/proxy-dpop-do'],
  ] as const)
    await innerDpopTarget(setup, name, {
      devProxy: bare.url,
      inner: bareInner,
      path,
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

const ratioOf = (rounds: Round[], place: Place, a: Name, b: Name) =>
  rpsRatio(rounds, NAMES[a](place), NAMES[b](place))

/** Whether every request of both targets got a 2xx. */
function clean(rounds: Round[], names: string[]): boolean {
  return names.every((name) => {
    const s = summary(rounds, name)
    return s.non2xx === 0 && s.errors === 0
  })
}

/**
 * The goals: the proxy's own, each held against the bare DPoP forward whose replay check does
 * the same job (Node has no Durable Objects: a per-process cache on both sides).
 */
const GOALS: Array<{ place: Place; a: Name; b: Name; label: string; min: number }> = [
  {
    place: 'inner',
    a: 'dpop',
    b: 'bareDpopDo',
    label: 'proxy with DPoP required (replay Durable Object)',
    min: 0.97,
  },
  {
    place: 'inner',
    a: 'dpopMemory',
    b: 'bareDpop',
    label: 'proxy with DPoP required, per-isolate replay cache',
    min: 0.97,
  },
  { place: 'Node', a: 'dpop', b: 'bareDpop', label: 'proxy with DPoP required', min: 0.85 },
]

function goals(rounds: Round[]): Goal[] {
  return GOALS.map(({ place, a, b, label, min }) => {
    const measured = ratioOf(rounds, place, a, b)
    const ok = clean(rounds, [NAMES[a](place), NAMES[b](place)])
    const bare = b === 'bareDpopDo' ? 'with a replay Durable Object' : '(Map)'
    return {
      goal: `${place}: ${label} >= ${min} of the bare DPoP forward ${bare}`,
      measured: `${formatSpread(measured)}${ok ? '' : ' (with failed requests)'}`,
      met: ok && measured.median >= min,
      noisy: allNoisy(rounds),
    }
  })
}

function ratioRows(rounds: Round[]) {
  const row = (label: string, a: Name, b: Name, places: readonly Place[] = PLACES) => [
    label,
    ...PLACES.map((p) => (places.includes(p) ? formatSpread(ratioOf(rounds, p, a, b)) : '—')),
  ]
  const inner = ['inner'] as const
  return [
    row(
      'DPoP required (replay Durable Object) ÷ bare DPoP forward with a replay Durable Object',
      'dpop',
      'bareDpopDo',
      inner
    ),
    row(
      'DPoP required, per-isolate replay cache ÷ bare DPoP forward (Map)',
      'dpopMemory',
      'bareDpop',
      inner
    ),
    row(
      'DPoP required (Node: per-process replay cache) ÷ bare DPoP forward (Map)',
      'dpop',
      'bareDpop',
      ['Node']
    ),
    row(
      'DPoP required (replay Durable Object) ÷ bare DPoP forward (Map)',
      'dpop',
      'bareDpop',
      inner
    ),
    row(
      'bare DPoP forward with a replay Durable Object ÷ bare DPoP forward (Map)',
      'bareDpopDo',
      'bareDpop',
      inner
    ),
    row('DPoP required ÷ DPoP off', 'dpop', 'off'),
    row('DPoP required ÷ bare forward', 'dpop', 'bare'),
    row('DPoP off ÷ bare forward', 'off', 'bare'),
    row('bare DPoP forward (Map) ÷ bare forward', 'bareDpop', 'bare'),
  ]
}

/** Measurement 8: DPoP's cost on the proxy, side by side with the bare DPoP forwards. */
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
    const inner = setup.targets.length
    await nodeTargets(setup)
    // Each place's targets run back to back, so both sides of a ratio stay close in time.
    const blocks = [setup.targets.slice(0, inner), setup.targets.slice(inner)]
    const rounds = await interleaveBlocks(blocks, options, dpopRunner(setup.sources, 460))
    const met = goals(rounds)
    const names = setup.targets.map((t) => t.name)
    return {
      id: '8',
      title: 'DPoP on the proxy: required against the bare DPoP forwards',
      target: met.map((g) => g.goal).join('; '),
      met: met.every((g) => g.met === true),
      headline: met.map((g) => `${g.goal.split(' >=')[0]} ${g.measured}`).join('; '),
      columns: ['Ratio of req/s (median of per-round ratios) [min–max]', ...PLACES],
      rows: ratioRows(rounds),
      goals: met,
      tables: [targetsTable(rounds, names), roundsTable(rounds)],
      notes: [roundsNote(rounds, options), ...setup.notes, ...DPOP_NOTES],
    }
  } finally {
    await Promise.all(setup.stops.map((stop) => stop()))
  }
}

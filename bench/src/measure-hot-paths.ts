import type { HotPathStack } from './hot-path-stack.ts'
import {
  checkTargets,
  PLACE_LABELS,
  PLACES,
  type Place,
  ROUTES,
  type Route,
  target,
  targetName,
  variantName,
  variantTarget,
} from './hot-path-targets.ts'
import type { Goal, Section, Table } from './report.ts'
import {
  allNoisy,
  cpuRatio,
  formatSpread,
  roundsNote,
  roundsTable,
  rpsRatio,
  type Spread,
  summary,
  targetsTable,
} from './round-figures.ts'
import { interleaveBlocks, type Round, type RoundOptions } from './rounds.ts'
import { tokenShapesNote } from './token-shape.ts'
import type { VariantBroker } from './variant-brokers.ts'

interface Ratio {
  label: string
  numerator: Route
  denominator: Route
}

const RATIOS = {
  proxy: { label: '`/v1/api/videos` ÷ bare `/proxy`', numerator: 'api', denominator: 'bareProxy' },
  // Informative, no goal: how much of the proxy's gap to the bare forward is the upstream
  // deadline (a timer and an AbortController per call) that the broker keeps on every call.
  proxyDeadline: {
    label: '`/v1/api/videos` ÷ bare `/proxy-deadline` (informative)',
    numerator: 'api',
    denominator: 'bareProxyDeadline',
  },
  deadline: {
    label: 'bare `/proxy-deadline` ÷ bare `/proxy` (informative)',
    numerator: 'bareProxyDeadline',
    denominator: 'bareProxy',
  },
  token: { label: '`/v1/token` ÷ `/healthz`', numerator: 'token', denominator: 'healthz' },
  // Informative, no goal: how much of the token route's gap to `/healthz` is the signature that
  // every token endpoint pays, and how much is the broker's own work around it.
  bareToken: {
    label: '`/v1/token` ÷ bare `/token` (informative)',
    numerator: 'token',
    denominator: 'bareToken',
  },
  signature: {
    label: 'bare `/token` ÷ bare `/static` (informative)',
    numerator: 'bareToken',
    denominator: 'bareStatic',
  },
  healthz: {
    label: '`/healthz` ÷ bare `/static`',
    numerator: 'healthz',
    denominator: 'bareStatic',
  },
} satisfies Record<string, Ratio>

/** The throughput goals, each a ratio at one place that must reach `min`. */
const GOALS: Array<{ place: Place; ratio: keyof typeof RATIOS; min: number; goal: string }> = [
  { place: 'inner', ratio: 'proxy', min: 0.97, goal: 'Inner: proxy >= 0.97 of the bare forward' },
  { place: 'inner', ratio: 'token', min: 0.9, goal: 'Inner: `/v1/token` >= 0.9 of `/healthz`' },
  { place: 'node', ratio: 'proxy', min: 0.85, goal: 'Node: proxy >= 0.85 of the bare forward' },
  { place: 'node', ratio: 'healthz', min: 0.8, goal: 'Node: `/healthz` >= 0.8 of bare `/static`' },
]

function ratioAt(rounds: Round[], place: Place, ratio: Ratio): Spread {
  return rpsRatio(rounds, targetName(place, ratio.numerator), targetName(place, ratio.denominator))
}

function cpuRatioAt(rounds: Round[], place: Place, ratio: Ratio): Spread {
  return cpuRatio(rounds, targetName(place, ratio.numerator), targetName(place, ratio.denominator))
}

/** The server's own CPU per answer puts a throughput ratio beside what it costs the server. */
const withCpu = (throughput: Spread, cpu: Spread) =>
  `${formatSpread(throughput)}; server CPU ${formatSpread(cpu)}`

/** Both routes of a ratio answered every request with 2xx in every round. */
function clean(rounds: Round[], place: Place, ratio: Ratio): boolean {
  return [ratio.numerator, ratio.denominator].every((route) => {
    const s = summary(rounds, targetName(place, route))
    return s.non2xx === 0 && s.errors === 0
  })
}

/**
 * Features that add per-request work must keep the proxy's ratios. Request contracts are always
 * on, so every figure includes them; other features are measured as variants
 * (`hot-path-variants.ts`), each against the same goals as the default broker.
 */
function featureGoals(rounds: Round[], variants: VariantBroker[]): Goal[] {
  if (variants.length === 0) {
    return [
      {
        goal: 'The ratios hold with per-request features on (request contracts, ownership checks, DPoP)',
        measured:
          'request contracts: always on, in every figure above; ownership checks, DPoP: no variant registered yet (`bench/src/hot-path-variants.ts`)',
        met: null,
      },
    ]
  }
  const dpop: Goal = {
    goal: 'The ratios hold with DPoP required',
    measured: 'measured in 8 (a fresh proof per request, against the bare DPoP forward)',
    met: null,
  }
  const measured = variants.flatMap((variant) =>
    GOALS.filter((g) => g.ratio === 'proxy').map(({ place, min }) => {
      const numerator = variantName(place, variant)
      const denominator = targetName(place, 'bareProxy')
      const measured = rpsRatio(rounds, numerator, denominator)
      const cpu = cpuRatio(rounds, numerator, denominator)
      const ok = [numerator, denominator].every((name) => {
        const s = summary(rounds, name)
        return s.non2xx === 0 && s.errors === 0
      })
      return {
        goal: `${place === 'inner' ? 'Inner' : PLACE_LABELS[place]}: proxy with ${variant.variant.description} >= ${min} of the bare forward`,
        measured: `${withCpu(measured, cpu)}${ok ? '' : ' (with failed requests)'}`,
        met: ok && measured.median >= min,
        noisy: allNoisy(rounds),
      }
    })
  )
  return [...measured, dpop]
}

function goals(rounds: Round[]): Goal[] {
  return GOALS.map(({ place, ratio, min, goal }) => {
    const measured = ratioAt(rounds, place, RATIOS[ratio])
    const cpu = cpuRatioAt(rounds, place, RATIOS[ratio])
    const ok = clean(rounds, place, RATIOS[ratio])
    return {
      goal,
      measured: `${withCpu(measured, cpu)}${ok ? '' : ' (with failed requests)'}`,
      met: ok && measured.median >= min,
      noisy: allNoisy(rounds),
    }
  })
}

const NOTES = [
  "Bare baseline (`bench/baseline`): one Hono app with `/static` (constant JSON), `/proxy` (forwards `GET /videos` to the emulator with a fixed upstream token), `/proxy-deadline` (the same forward with an upstream deadline) and `POST /token` (signs an EdDSA at+jwt with jose's `SignJWT`, with the claims a broker token carries), run under `wrangler dev` like the broker and on `@hono/node-server`. The broker is `apps/worker` under `wrangler dev` and `serve` from `@keyward/broker/node`; `/v1/api/videos` verifies a broker token, checks the scope and forwards to the same emulator.",
  "Dev proxy: wrangler's own proxy in front of each Worker, which caps every route and mostly measures wrangler. Inner: the user Worker's own workerd socket (an internal of `wrangler dev`, found from /proc and checked with a probe request), which isolates what the Worker code costs.",
  'Everything (load generator, emulator, two `wrangler dev`s with two workerd each, two Node servers) shares the same cores: absolute rates are for this machine only; the ratios are the figures.',
  "Server CPU per answer is the listening process's CPU time (/proc/<pid>/stat, 10 ms ticks) over a measured run divided by the answers in it: for inner targets the Worker's own workerd, for Node targets the Node server, for dev proxy targets wrangler's proxy process (not the Worker; left out of the CPU ratios). Throughput on two shared cores moves with whatever else runs, including the load generator parsing each answer; the server's CPU per answer hardly does. The goals are judged on throughput, as stated.",
]

const DEADLINE_NOTE =
  "The two deadline rows (informative, no goal) split the proxy's gap to the bare forward. Bare `/proxy-deadline` is `/proxy` with the deadline a careful forwarder keeps on its upstream call: a timer of 10 s (the broker's default `upstreamTimeoutMs`) and an AbortController whose signal goes to `fetch`, cleared once the headers arrive. Bare `/proxy-deadline` ÷ bare `/proxy` is that deadline's own cost on the runtime; `/v1/api/videos` ÷ bare `/proxy-deadline` is the rest of the broker's work (token check, scope, contract, headers)."

const BLOCKS_NOTE =
  "Every ratio compares two targets of one place, so each place's targets run back to back: both sides of a ratio are measured within the same half minute or so, never a whole round apart. The order of the places, and the order of the targets within each place, rotate per round."

const TOKEN_NOTE =
  "The two informative rows (no goal) split `/v1/token`'s gap to `/healthz`. Bare `/token` ÷ bare `/static` is what one EdDSA signature costs a bare Hono + jose Worker over a constant answer: the most any token endpoint can reach against a trivial route. `/v1/token` ÷ bare `/token` is the broker's own work around that signature (origin check, caller, claims, headers, the audit log line): both sign one EdDSA at+jwt per answer with the same claims. Bare `/token` does no origin check, no caller authentication and no logging."

/** One row per ratio and per feature variant, `of` (req/s or CPU) at each of `places`. */
function ratioRows(
  rounds: Round[],
  variants: VariantBroker[],
  places: readonly Place[],
  of: (rounds: Round[], numerator: string, denominator: string) => Spread
): string[][] {
  const rows = Object.values(RATIOS).map((ratio) => [
    ratio.label,
    ...places.map((place) =>
      formatSpread(
        of(rounds, targetName(place, ratio.numerator), targetName(place, ratio.denominator))
      )
    ),
  ])
  for (const variant of variants) {
    rows.push([
      `\`/v1/api/videos\` with ${variant.variant.description} ÷ bare \`/proxy\``,
      ...places.map((place) =>
        formatSpread(of(rounds, variantName(place, variant), targetName(place, 'bareProxy')))
      ),
    ])
  }
  return rows
}

/** Where the server's own process can be read: the Worker's workerd and the Node server. */
const SERVER_PLACES: Place[] = ['inner', 'node']

/** The same ratios in the servers' own CPU time per answer, which other load hardly moves. */
function cpuTable(rounds: Round[], variants: VariantBroker[]): Table {
  const rows = ratioRows(rounds, variants, SERVER_PLACES, cpuRatio)
  return {
    title:
      'The same ratios in server CPU per answer (bare ÷ broker, median of per-round ratios) [min–max]: the CPU time of the process listening on the port, without the load generator or api.video',
    columns: ['Ratio', ...SERVER_PLACES.map((p) => PLACE_LABELS[p])],
    rows,
  }
}

function bodyNote(sizes: Map<string, number>): string {
  const bytes = (place: Place, route: Route) => sizes.get(targetName(place, route))
  const each = PLACES.map((p) => `${PLACE_LABELS[p]} ${bytes(p, 'bareProxy')} / ${bytes(p, 'api')}`)
  return `Body bytes, bare \`/proxy\` / \`/v1/api/videos\`: ${each.join('; ')}.`
}

/**
 * Measurement 1: the broker's hot paths against bare baselines doing the same job, in one
 * interleaved run, through wrangler's dev proxy, on the Worker's own workerd, and on Node.
 */
export async function measureHotPaths(
  stack: HotPathStack,
  options: RoundOptions
): Promise<Section> {
  // Every ratio compares two targets of one place: each place's targets run back to back.
  const blocks = PLACES.map((place) => [
    ...ROUTES.map((route) => target(stack, place, route)),
    ...stack.variants.map((variant) => variantTarget(variant, place)),
  ])
  const targets = blocks.flat()
  const sizes = await checkTargets(targets)
  const tokens = await tokenShapesNote(stack)
  const rounds = await interleaveBlocks(blocks, options)
  const met = goals(rounds)
  const features = featureGoals(rounds, stack.variants)
  const names = targets.map((t) => t.name)
  return {
    id: '1',
    title: 'Hot paths against bare baselines: dev proxy, inner workerd, Node',
    target: GOALS.map((g) => g.goal).join('; '),
    met: [...met, ...features].every((g) => g.met !== false),
    headline: met.map((g) => `${g.goal.split(' >=')[0]} ${g.measured}`).join('; '),
    columns: [
      'Ratio (median of per-round ratios) [min–max]',
      ...PLACES.map((p) => PLACE_LABELS[p]),
    ],
    rows: ratioRows(rounds, stack.variants, PLACES, rpsRatio),
    goals: [...met, ...features],
    tables: [cpuTable(rounds, stack.variants), targetsTable(rounds, names), roundsTable(rounds)],
    notes: [
      roundsNote(rounds, options),
      BLOCKS_NOTE,
      bodyNote(sizes),
      ...NOTES,
      DEADLINE_NOTE,
      TOKEN_NOTE,
      tokens,
    ],
  }
}

import type { HotPathStack } from './hot-path-stack.ts'
import {
  checkTargets,
  PLACE_LABELS,
  type Place,
  target,
  targetName,
  variantName,
  variantTarget,
} from './hot-path-targets.ts'
import { alternatingRun } from './one-connection.ts'
import type { Goal, Section } from './report.ts'
import {
  allNoisy,
  formatSignedSpread,
  pairedRoundsNote,
  perRound,
  roundsTable,
  spread,
  summary,
  targetsTable,
} from './round-figures.ts'
import { interleaveGroups, type Round, type RoundOptions } from './rounds.ts'

const PAIRING_NOTE =
  "Paired sampling: in each round, the bare forward and the broker targets of one place are sampled alternately, request by request (the bare forward, the broker, each feature variant's broker, then the bare forward again, and so on; the first of each cycle rotates), each over its own keep-alive connection, one request in flight at a time in total. So both sides of a difference see the same moments of the machine: a burst of other work or a slow stretch of a server lands on both, instead of on whichever target happened to run then. The added p50 of a round is the p50 of the broker's samples minus the p50 of the bare forward's samples from that same run; the figure is the median of those per-round differences, with their range. Requests are timed with `performance.now()` in the bench (autocannon's latency has whole-millisecond resolution); the client's own cost is in both sides and cancels out of the difference."

/** Added p50 goals: the broker's proxy against the bare forward, one connection. */
const GOALS: Array<{ place: Place; maxMs: number }> = [
  { place: 'inner', maxMs: 0.3 },
  { place: 'node', maxMs: 0.5 },
]

/** The proxied call measured at `place`: the default broker's, or a feature variant's. */
interface Proxied {
  place: Place
  name: string
  /** What is on besides the defaults, for the report; empty for the default broker. */
  feature: string
}

function addedP50(rounds: Round[], { place, name }: Proxied) {
  const bare = targetName(place, 'bareProxy')
  return spread(
    perRound(rounds, (r) => (r.get(name)?.p50 ?? Number.NaN) - (r.get(bare)?.p50 ?? Number.NaN)),
    3
  )
}

function goal(rounds: Round[], proxied: Proxied, maxMs: number): Goal {
  const added = addedP50(rounds, proxied)
  const ok = [proxied.name, targetName(proxied.place, 'bareProxy')].every((name) => {
    const s = summary(rounds, name)
    return s.non2xx === 0 && s.errors === 0
  })
  const what = proxied.feature === '' ? 'proxy' : `proxy with ${proxied.feature}`
  return {
    goal: `${PLACE_LABELS[proxied.place]}: added p50 <= ${maxMs} ms at one connection (${what} vs bare forward)`,
    measured: `${formatSignedSpread(added)} ms${ok ? '' : ' (with failed requests)'}`,
    met: ok && added.median <= maxMs,
    noisy: allNoisy(rounds),
  }
}

/** Measurement 3: the latency one broker hop adds over the bare forward, at one connection. */
export async function measureLatency(stack: HotPathStack, options: RoundOptions): Promise<Section> {
  const places = GOALS.map((g) => g.place)
  const proxied: Proxied[] = places.flatMap((place) => [
    { place, name: targetName(place, 'api'), feature: '' },
    ...stack.variants.map((v) => ({
      place,
      name: variantName(place, v),
      feature: v.variant.description,
    })),
  ])
  // One group per place: its bare forward and every broker target there, sampled in turn.
  const groups = places.map((place) => [
    target(stack, place, 'bareProxy'),
    target(stack, place, 'api'),
    ...stack.variants.map((variant) => variantTarget(variant, place)),
  ])
  const targets = groups.flat()
  await checkTargets(targets)
  // Each target gets as much warm-up and measured time as if it ran alone.
  const size = groups[0]?.length ?? 1
  const paired = {
    ...options,
    warmupSeconds: options.warmupSeconds * size,
    seconds: options.seconds * size,
  }
  const rounds = await interleaveGroups(groups, paired, alternatingRun)
  const maxMs = (place: Place) => GOALS.find((g) => g.place === place)?.maxMs ?? 0
  const goals = proxied.map((p) => goal(rounds, p, maxMs(p.place)))
  const p50 = (name: string) => summary(rounds, name, 3).p50
  return {
    id: '3',
    title: 'Added latency at one connection: proxy vs bare forward',
    target: 'inner <= 0.3 ms, Node <= 0.5 ms added p50',
    met: goals.every((g) => g.met),
    headline: goals.map((g) => `${g.goal.split(':')[0]} ${g.measured}`).join('; '),
    columns: [
      'Runtime',
      'bare `/proxy` p50 ms',
      '`/v1/api/videos` p50 ms',
      'added p50 ms (median of per-round paired differences) [min–max]',
    ],
    rows: proxied.map((p) => [
      p.feature === '' ? PLACE_LABELS[p.place] : `${PLACE_LABELS[p.place]}, ${p.feature}`,
      p50(targetName(p.place, 'bareProxy')),
      p50(p.name),
      formatSignedSpread(addedP50(rounds, p)),
    ]),
    goals,
    tables: [
      targetsTable(
        rounds,
        targets.map((t) => t.name),
        { digits: 3, count: 'answers' }
      ),
      roundsTable(rounds),
    ],
    notes: [pairedRoundsNote(rounds, paired, size), PAIRING_NOTE],
  }
}

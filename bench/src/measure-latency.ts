import type { HotPathStack } from './hot-path-stack.ts'
import { checkTargets, PLACE_LABELS, type Place, target, targetName } from './hot-path-targets.ts'
import { oneConnectionRun } from './one-connection.ts'
import type { Goal, Section } from './report.ts'
import {
  allNoisy,
  formatSignedSpread,
  perRound,
  roundsNote,
  roundsTable,
  spread,
  summary,
  targetsTable,
} from './round-figures.ts'
import { interleave, type Round, type RoundOptions } from './rounds.ts'

/** Added p50 goals: the broker's proxy against the bare forward, one connection. */
const GOALS: Array<{ place: Place; maxMs: number }> = [
  { place: 'inner', maxMs: 0.3 },
  { place: 'node', maxMs: 0.5 },
]

function addedP50(rounds: Round[], place: Place) {
  const proxy = targetName(place, 'api')
  const bare = targetName(place, 'bareProxy')
  return spread(
    perRound(rounds, (r) => (r.get(proxy)?.p50 ?? Number.NaN) - (r.get(bare)?.p50 ?? Number.NaN)),
    3
  )
}

function goal(rounds: Round[], place: Place, maxMs: number): Goal {
  const added = addedP50(rounds, place)
  const failures = ['api', 'bareProxy'] as const
  const ok = failures.every((route) => {
    const s = summary(rounds, targetName(place, route))
    return s.non2xx === 0 && s.errors === 0
  })
  return {
    goal: `${PLACE_LABELS[place]}: added p50 <= ${maxMs} ms at one connection (proxy vs bare forward)`,
    measured: `${formatSignedSpread(added)} ms${ok ? '' : ' (with failed requests)'}`,
    met: ok && added.median <= maxMs,
    noisy: allNoisy(rounds),
  }
}

/** Measurement 3: the latency one broker hop adds over the bare forward, at one connection. */
export async function measureLatency(stack: HotPathStack, options: RoundOptions): Promise<Section> {
  const places = GOALS.map((g) => g.place)
  const targets = places.flatMap((place) => [
    target(stack, place, 'bareProxy'),
    target(stack, place, 'api'),
  ])
  await checkTargets(targets)
  const rounds = await interleave(targets, options, oneConnectionRun)
  const goals = GOALS.map(({ place, maxMs }) => goal(rounds, place, maxMs))
  const p50 = (place: Place, route: 'api' | 'bareProxy') =>
    summary(rounds, targetName(place, route), 3).p50
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
      'added p50 ms (median of per-round differences) [min–max]',
    ],
    rows: places.map((place) => [
      PLACE_LABELS[place],
      p50(place, 'bareProxy'),
      p50(place, 'api'),
      formatSignedSpread(addedP50(rounds, place)),
    ]),
    goals,
    tables: [
      targetsTable(
        rounds,
        targets.map((t) => t.name),
        3
      ),
      roundsTable(rounds),
    ],
    notes: [
      roundsNote(rounds, options),
      "Requests go one after another over one keep-alive connection and are timed with `performance.now()` in the bench (autocannon's latency has whole-millisecond resolution); the client's own cost is in both sides and cancels out of the difference.",
    ],
  }
}

import type { Table } from './report.ts'
import type { Measured, Round, RoundOptions } from './rounds.ts'
import { median, round } from './stats.ts'

/** No quiet round was there to count: the figures carry the other load with them. */
export const allNoisy = (rounds: Round[]) => countedRounds(rounds).every((r) => r.noisy)

/** The rounds a figure is taken from: the quiet ones if there are at least three, else all. */
export function countedRounds(rounds: Round[]): Round[] {
  const quiet = rounds.filter((r) => !r.noisy)
  return quiet.length >= Math.min(3, rounds.length) ? quiet : rounds
}

export interface Spread {
  median: number
  min: number
  max: number
}

export function spread(values: number[], digits = 2): Spread {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
  }
}

/** Per-round values of `pick` over the counted rounds. */
export function perRound(rounds: Round[], pick: (results: Map<string, Measured>) => number) {
  return countedRounds(rounds).map((r) => pick(r.results))
}

/** The median (and range) of per-round ratios `numerator` ÷ `denominator` of req/s. */
export function rpsRatio(rounds: Round[], numerator: string, denominator: string): Spread {
  return spread(perRound(rounds, (results) => rps(results, numerator) / rps(results, denominator)))
}

/**
 * The median (and range) of per-round ratios of server CPU per answer, `denominator`'s ÷
 * `numerator`'s: read like `rpsRatio`, 1 when both servers spend the same per answer.
 */
export function cpuRatio(rounds: Round[], numerator: string, denominator: string): Spread {
  const cpu = (results: Map<string, Measured>, name: string) =>
    results.get(name)?.serverCpuUs ?? Number.NaN
  return spread(perRound(rounds, (results) => cpu(results, denominator) / cpu(results, numerator)))
}

export function rps(results: Map<string, Measured>, name: string): number {
  return results.get(name)?.rps ?? Number.NaN
}

/** A target's own figures: medians over the counted rounds, failures over all rounds. */
export function summary(rounds: Round[], name: string, digits = 0): Measured {
  const runs = countedRounds(rounds).map((r) => r.results.get(name) as Measured)
  const all = rounds.map((r) => r.results.get(name) as Measured)
  const mid = (pick: (m: Measured) => number, d = digits) => round(median(runs.map(pick)), d)
  return {
    rps: mid((m) => m.rps, 0),
    requests: mid((m) => m.requests, 0),
    p50: mid((m) => m.p50),
    p99: mid((m) => m.p99),
    // Failures count in every round, noisy or not.
    non2xx: all.reduce((sum, m) => sum + m.non2xx, 0),
    errors: all.reduce((sum, m) => sum + m.errors, 0),
    foreignCores: mid((m) => m.foreignCores, 2),
    serverCpuUs: mid((m) => m.serverCpuUs, 0),
  }
}

export const formatSpread = (s: Spread) => `${s.median} [${s.min}–${s.max}]`

const signed = (n: number) => (n < 0 ? `−${-n}` : `+${n}`)

/** A difference: `+0.42 [+0.3–+0.61]`. */
export const formatSignedSpread = (s: Spread) =>
  `${signed(s.median)} [${signed(s.min)}–${signed(s.max)}]`

/** The machine's state round by round, and which rounds the figures count. */
export function roundsTable(rounds: Round[]): Table {
  const counted = new Set(countedRounds(rounds))
  return {
    title: 'Rounds (other load = cores busy with work other than this bench, from /proc)',
    columns: [
      'Round',
      'other load before, cores',
      'other load during, max cores',
      'noisy',
      'counted',
    ],
    rows: rounds.map((r) => [
      r.index,
      r.loadBefore,
      r.loadDuring,
      r.noisy ? 'yes' : 'no',
      counted.has(r) ? 'yes' : 'no',
    ]),
  }
}

export interface TargetsTableOptions {
  /** Decimals of the latencies. */
  digits?: number
  /**
   * What the second column counts: each target's own req/s, or its answers per measured run
   * where targets share a run (paired sampling: their rate is the run's, not theirs).
   */
  count?: 'rps' | 'answers'
}

/** Each target's own figures, medians over the counted rounds. */
export function targetsTable(
  rounds: Round[],
  names: string[],
  { digits = 0, count = 'rps' }: TargetsTableOptions = {}
): Table {
  return {
    title: 'Each target (medians over the counted rounds; failures over all rounds)',
    columns: [
      'Target',
      count === 'rps' ? 'req/s' : 'answers per run',
      'p50 ms',
      'p99 ms',
      'non-2xx',
      'errors',
      'server CPU µs/answer',
      'other load, cores',
    ],
    rows: names.map((name) => {
      const s = summary(rounds, name, digits)
      const cpu = Number.isFinite(s.serverCpuUs) ? s.serverCpuUs : '—'
      return [
        name,
        count === 'rps' ? s.rps : s.requests,
        s.p50,
        s.p99,
        s.non2xx,
        s.errors,
        cpu,
        s.foreignCores,
      ]
    }),
  }
}

const countingNote =
  'Figures come from the quiet rounds when there are at least three, otherwise from all rounds (then read them with the other load in mind).'

const gateNote = (options: RoundOptions) =>
  `Before each round the bench waits up to ${options.maxWaitSeconds} s for other work to use at most ${options.quietCores} cores; a round is noisy when other work used more before or during any measured run, and noisy rounds are repeated up to ${options.extraRounds} time(s).`

/** How rounds were run and counted, for a section's notes. */
export function roundsNote(rounds: Round[], options: RoundOptions): string {
  const quiet = rounds.filter((r) => !r.noisy).length
  const counted = countedRounds(rounds).length
  return [
    `${rounds.length} interleaved rounds (${quiet} quiet; ${counted} counted): in each, every target gets a ${options.warmupSeconds} s warm-up and a ${options.seconds} s measured run at ${options.connections} connection(s), order rotated per round.`,
    gateNote(options),
    countingNote,
  ].join(' ')
}

/**
 * `roundsNote` for rounds of paired runs (`interleaveGroups`): each group of `size` targets
 * shares one warm-up and one measured run.
 */
export function pairedRoundsNote(rounds: Round[], options: RoundOptions, size: number): string {
  const quiet = rounds.filter((r) => !r.noisy).length
  const counted = countedRounds(rounds).length
  return [
    `${rounds.length} rounds (${quiet} quiet; ${counted} counted): in each, every place gets one run of paired sampling, a ${options.warmupSeconds} s warm-up and a ${options.seconds} s measured run shared by its ${size} targets (as much time as ${round(options.seconds / size, 2)} s each alone), the order of places rotated per round.`,
    gateNote(options),
    countingNote,
  ].join(' ')
}

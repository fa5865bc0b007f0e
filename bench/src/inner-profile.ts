// What profile-inner.ts and profile-dpop-inner.ts share: their common flags, the interleaved rounds
// of server CPU per answer on the inner workerd, and one profiled run per target.

import type { Target } from './load.ts'
import { type CpuProfile, profileWhile, summarise } from './profile-summary.ts'
import { round } from './stats.ts'

/** The flags of both tools, for `parseArgs`; each adds its own. */
export const INNER_PROFILE_OPTIONS = {
  seconds: { type: 'string', default: '5' },
  connections: { type: 'string', default: '8' },
  rounds: { type: 'string', default: '3' },
  top: { type: 'string', default: '25' },
  only: { type: 'string' },
  compare: { type: 'string' },
  'no-profile': { type: 'boolean', default: false },
} as const

/** Server CPU µs per answer and answers per second of one run of a target. */
export type CpuRun = (target: Target) => Promise<{ cpuUs: number; rps: number }>

/** Each target's figures, round by round, under its name. */
export interface RoundFigures {
  perRound: Map<string, number[]>
  rps: Map<string, number[]>
  /** Adds one round's figures of a target, and says them on stderr. */
  record(round: number, name: string, figures: { cpuUs: number; rps: number }): void
}

export function roundFigures(targets: readonly Target[]): RoundFigures {
  const perRound = new Map(targets.map((t) => [t.name, [] as number[]]))
  const rps = new Map(targets.map((t) => [t.name, [] as number[]]))
  return {
    perRound,
    rps,
    record(r, name, figures) {
      perRound.get(name)?.push(figures.cpuUs)
      rps.get(name)?.push(figures.rps)
      process.stderr.write(
        `round ${r + 1} ${name}: ${round(figures.cpuUs, 0)} µs/answer, ${round(figures.rps, 0)} rps\n`
      )
    },
  }
}

/** `rounds` rounds of one run per target, the order rotating per round so drift hits all alike. */
export async function interleavedRounds(
  targets: readonly Target[],
  rounds: number,
  cpuRun: CpuRun,
  figures: RoundFigures
): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + r) % targets.length] as Target
      figures.record(r, target.name, await cpuRun(target))
    }
  }
}

/**
 * Per target, one run with V8's sampling profiler attached to the inspector of its Worker, summed
 * by function (self and total time per answer) on stdout.
 */
export async function profileEach(
  targets: readonly Target[],
  inspectorPort: (target: Target) => number,
  cpuRun: CpuRun,
  top: number
): Promise<void> {
  for (const target of targets) {
    let cpuUs = 0
    const profile: CpuProfile = await profileWhile(inspectorPort(target), async () => {
      cpuUs = (await cpuRun(target)).cpuUs
    })
    process.stdout.write(`\n${summarise(profile, cpuUs, top, target.name)}`)
  }
}

import { autocannonRun, type Runner, type RunResult, type Target } from './load.ts'
import { cpuSnapshot, foreignCores, waitForQuiet } from './machine-load.ts'
import { cpuTicksOf, listenerOf, TICKS_PER_SECOND } from './processes.ts'
import { round } from './stats.ts'

export interface RoundOptions {
  /** Quiet rounds wanted. */
  rounds: number
  /** Rounds added, at most, to replace rounds during which other work loaded the machine. */
  extraRounds: number
  connections: number
  warmupSeconds: number
  seconds: number
  /** Cores busy with other work above which a round counts as noisy. */
  quietCores: number
  /** How long to wait, at most, for the machine to fall quiet before each round. */
  maxWaitSeconds: number
}

export interface Measured extends RunResult {
  /** Cores other work kept busy during this run. */
  foreignCores: number
  /**
   * CPU µs per answer of the process listening on the target's port (the server itself, without
   * the load generator or api.video), or NaN when it cannot be read.
   */
  serverCpuUs: number
}

export interface Round {
  index: number
  /** Cores other work kept busy in the second before the round. */
  loadBefore: number
  /** The highest foreign load during any of the round's measured runs. */
  loadDuring: number
  noisy: boolean
  results: Map<string, Measured>
}

/** Each target port's listening process, found once. */
const listeners = new Map<string, number | undefined>()

function serverOf(target: Target): number | undefined {
  const port = new URL(target.url).port
  if (!listeners.has(port)) listeners.set(port, listenerOf(Number(port)))
  return listeners.get(port)
}

async function measure(target: Target, options: RoundOptions, runner: Runner): Promise<Measured> {
  await runner(target, options.connections, options.warmupSeconds)
  const server = serverOf(target)
  const serverBefore = server === undefined ? undefined : cpuTicksOf(server)
  const before = cpuSnapshot()
  const result = await runner(target, options.connections, options.seconds)
  const serverAfter = server === undefined ? undefined : cpuTicksOf(server)
  const serverTicks =
    serverBefore === undefined || serverAfter === undefined
      ? Number.NaN
      : serverAfter - serverBefore
  return {
    ...result,
    foreignCores: round(foreignCores(before, cpuSnapshot()), 2),
    serverCpuUs: (serverTicks / TICKS_PER_SECOND / result.requests) * 1e6,
  }
}

async function oneRound(
  index: number,
  targets: Target[],
  options: RoundOptions,
  runner: Runner
): Promise<Round> {
  const loadBefore = round(await waitForQuiet(options.quietCores, options.maxWaitSeconds), 2)
  const results = new Map<string, Measured>()
  // Rotating the order each round makes drift on a shared machine hit every target alike.
  for (let i = 0; i < targets.length; i++) {
    const target = targets[(i + index) % targets.length] as Target
    results.set(target.name, await measure(target, options, runner))
  }
  const loadDuring = Math.max(...[...results.values()].map((r) => r.foreignCores))
  const noisy = loadBefore > options.quietCores || loadDuring > options.quietCores
  return { index: index + 1, loadBefore, loadDuring, noisy, results }
}

/**
 * Measures targets side by side in interleaved rounds: every round runs each target once
 * (warm-up, then a measured run), with the machine's idle state checked before the round and
 * other work's CPU use recorded during each run. Noisy rounds are repeated, within `extraRounds`.
 */
export async function interleave(
  targets: Target[],
  options: RoundOptions,
  runner: Runner = autocannonRun
): Promise<Round[]> {
  const done: Round[] = []
  const quiet = () => done.filter((r) => !r.noisy).length
  while (quiet() < options.rounds && done.length < options.rounds + options.extraRounds) {
    const result = await oneRound(done.length, targets, options, runner)
    done.push(result)
    process.stderr.write(
      `[bench]   round ${result.index}: other load ${result.loadBefore} cores before, up to ${result.loadDuring} during${result.noisy ? ' (noisy)' : ''}\n`
    )
  }
  return done
}

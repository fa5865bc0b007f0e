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

/**
 * Loads a group of targets together for a while and answers each one's result, in the group's
 * order: e.g. one request to each in turn (`one-connection.ts`).
 */
export type GroupRunner = (targets: Target[], seconds: number) => Promise<RunResult[]>

/** Runs a group of one target with `runner` at `connections`. */
const alone =
  (runner: Runner, connections: number): GroupRunner =>
  async ([target], seconds) => [await runner(target as Target, connections, seconds)]

/**
 * The server of each target, when no other target of its group shares it: the CPU of a process
 * that answers two targets of one run cannot be split between them.
 */
function ownServers(group: Target[]): Array<number | undefined> {
  const servers = group.map(serverOf)
  return servers.map((pid) =>
    pid !== undefined && servers.filter((other) => other === pid).length === 1 ? pid : undefined
  )
}

async function measure(
  group: Target[],
  options: RoundOptions,
  runner: GroupRunner
): Promise<Map<string, Measured>> {
  await runner(group, options.warmupSeconds)
  const servers = ownServers(group)
  const ticks = () => servers.map((pid) => (pid === undefined ? undefined : cpuTicksOf(pid)))
  const serverBefore = ticks()
  const before = cpuSnapshot()
  const results = await runner(group, options.seconds)
  const serverAfter = ticks()
  const foreign = round(foreignCores(before, cpuSnapshot()), 2)
  const measured = new Map<string, Measured>()
  group.forEach((target, i) => {
    const result = results[i] as RunResult
    const [from, to] = [serverBefore[i], serverAfter[i]]
    const serverTicks = from === undefined || to === undefined ? Number.NaN : to - from
    measured.set(target.name, {
      ...result,
      foreignCores: foreign,
      serverCpuUs: (serverTicks / TICKS_PER_SECOND / result.requests) * 1e6,
    })
  })
  return measured
}

/** `items` started at `index` (mod its length): each round starts one item further on. */
const rotate = <T>(items: readonly T[], index: number): T[] =>
  items.map((_, i) => items[(i + index) % items.length] as T)

/** The groups of round `index` (0-based), in the order they run. */
type Order = (index: number) => Target[][]

async function oneRound(
  index: number,
  order: Order,
  options: RoundOptions,
  runner: GroupRunner
): Promise<Round> {
  const loadBefore = round(await waitForQuiet(options.quietCores, options.maxWaitSeconds), 2)
  const results = new Map<string, Measured>()
  for (const group of order(index)) {
    for (const [name, measured] of await measure(group, options, runner)) {
      results.set(name, measured)
    }
  }
  const loadDuring = Math.max(...[...results.values()].map((r) => r.foreignCores))
  const noisy = loadBefore > options.quietCores || loadDuring > options.quietCores
  return { index: index + 1, loadBefore, loadDuring, noisy, results }
}

async function inRounds(order: Order, options: RoundOptions, runner: GroupRunner) {
  const done: Round[] = []
  const quiet = () => done.filter((r) => !r.noisy).length
  while (quiet() < options.rounds && done.length < options.rounds + options.extraRounds) {
    const result = await oneRound(done.length, order, options, runner)
    done.push(result)
    process.stderr.write(
      `[bench]   round ${result.index}: other load ${result.loadBefore} cores before, up to ${result.loadDuring} during${result.noisy ? ' (noisy)' : ''}\n`
    )
  }
  return done
}

/**
 * Measures targets side by side in interleaved rounds: every round runs each target once
 * (warm-up, then a measured run), with the machine's idle state checked before the round and
 * other work's CPU use recorded during each run. Noisy rounds are repeated, within `extraRounds`.
 */
export function interleave(
  targets: Target[],
  options: RoundOptions,
  runner: Runner = autocannonRun
): Promise<Round[]> {
  // Rotating the order each round makes drift on a shared machine hit every target alike.
  const order = (index: number) => rotate(targets, index).map((target) => [target])
  return inRounds(order, options, alone(runner, options.connections))
}

/**
 * `interleave` for targets compared within blocks (e.g. the routes of one place): each block's
 * targets run one after another, so the two sides of a ratio are never further apart than
 * their block, and both the order of blocks and the order within each block rotate per round.
 */
export function interleaveBlocks(
  blocks: Target[][],
  options: RoundOptions,
  runner: Runner = autocannonRun
): Promise<Round[]> {
  const order = (index: number) =>
    rotate(blocks, index).flatMap((block) => rotate(block, index).map((target) => [target]))
  return inRounds(order, options, alone(runner, options.connections))
}

/**
 * `interleave` for groups of targets measured together in one run (`runner` loads a whole group
 * at once): every round runs each group once, the order of groups rotating per round.
 */
export function interleaveGroups(
  groups: Target[][],
  options: RoundOptions,
  runner: GroupRunner
): Promise<Round[]> {
  return inRounds((index) => rotate(groups, index), options, runner)
}

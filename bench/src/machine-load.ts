import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { processTree, TICKS_PER_SECOND } from './processes.ts'

/** CPU time spent so far by the whole machine and by this bench's own process tree. */
export interface CpuSnapshot {
  at: number
  /** Busy ticks over all cores (everything but idle and iowait), from /proc/stat. */
  machineBusy: number
  /** Ticks spent by this process and every process it started. */
  ours: number
}

export function cpuSnapshot(): CpuSnapshot {
  const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
  // proc(5): user nice system idle iowait irq softirq steal (guest is already inside user).
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields.map(Number)
  const ours = processTree().reduce((sum, info) => sum + info.cpuTicks, 0)
  return { at: performance.now(), machineBusy: user + nice + system + irq + softirq + steal, ours }
}

/**
 * Cores kept busy by anything other than this bench between two snapshots: the load of other
 * work on a shared machine, which makes a round's figures unreliable.
 */
export function foreignCores(before: CpuSnapshot, after: CpuSnapshot): number {
  const seconds = (after.at - before.at) / 1000
  if (seconds <= 0) return 0
  const ticks = after.machineBusy - before.machineBusy - (after.ours - before.ours)
  // The two readings are not atomic, so the difference can stray just outside [0, cores].
  return Math.min(availableParallelism(), Math.max(0, ticks / TICKS_PER_SECOND / seconds))
}

/** Foreign load over the next `seconds`, while this bench sends nothing. */
export async function idleCheck(seconds = 1): Promise<number> {
  const before = cpuSnapshot()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  return foreignCores(before, cpuSnapshot())
}

/**
 * Waits until foreign load drops to `threshold` cores, checking once a second for at most
 * `maxWaitSeconds`; answers the last reading, so a caller can flag a round that started busy.
 */
export async function waitForQuiet(threshold: number, maxWaitSeconds: number): Promise<number> {
  let load = await idleCheck()
  for (let waited = 1; load > threshold && waited < maxWaitSeconds; waited++) {
    load = await idleCheck()
  }
  return load
}

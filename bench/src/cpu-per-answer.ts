import type { Runner, Target } from './load.ts'
import { cpuTicksOf, listenerOf, TICKS_PER_SECOND } from './processes.ts'

/**
 * Loads `target` with `run` (a 1 s warm-up, then `seconds`) and answers the CPU µs per answer of
 * the process listening on its port, from its /proc times, with the rate. Any failed request
 * throws: a figure over failures would be no figure.
 */
export async function cpuPerAnswer(
  target: Target,
  run: Runner,
  connections: number,
  seconds: number
): Promise<{ cpuUs: number; rps: number }> {
  const pid = listenerOf(Number(new URL(target.url).port))
  if (pid === undefined) throw new Error(`nothing of this bench listens for ${target.url}`)
  await run(target, connections, 1) // warm-up
  const before = cpuTicksOf(pid) ?? 0
  const result = await run(target, connections, seconds)
  const ticks = (cpuTicksOf(pid) ?? 0) - before
  if (result.non2xx + result.errors > 0)
    throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { cpuUs: (ticks / TICKS_PER_SECOND / result.requests) * 1e6, rps: result.rps }
}

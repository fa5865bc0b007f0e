import autocannon from 'autocannon'
import { median, round } from './stats.ts'

export interface Target {
  name: string
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

export interface LoadOptions {
  connections?: number
  warmupSeconds?: number
  seconds?: number
  rounds?: number
}

export interface RunResult {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

export interface TargetSummary extends RunResult {
  name: string
  runs: RunResult[]
  /** Median over rounds of this target's rps divided by the baseline's rps in the same round. */
  ratio: number
}

/** One autocannon run against loopback; latency in ms as autocannon reports it. */
export async function run(
  target: Target,
  connections: number,
  seconds: number
): Promise<RunResult> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body }),
    connections,
    duration: seconds,
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

/**
 * Measures targets side by side: each round runs every target once (order rotated per round), so
 * drift on a shared machine hits all targets alike; ratios are to `targets[0]` in the same round.
 */
export async function compare(
  targets: Target[],
  { connections = 32, warmupSeconds = 2, seconds = 6, rounds = 3 }: LoadOptions = {}
): Promise<TargetSummary[]> {
  const runs = new Map<string, RunResult[]>(targets.map((t) => [t.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target)
    for (const target of order) {
      await run(target, connections, warmupSeconds)
      runs.get(target.name)?.push(await run(target, connections, seconds))
    }
  }
  const baseline = runs.get(targets[0]?.name ?? '') ?? []
  return targets.map((target) => {
    const own = runs.get(target.name) ?? []
    return {
      name: target.name,
      runs: own,
      rps: round(median(own.map((r) => r.rps)), 0),
      p50: median(own.map((r) => r.p50)),
      p99: median(own.map((r) => r.p99)),
      non2xx: own.reduce((sum, r) => sum + r.non2xx, 0),
      errors: own.reduce((sum, r) => sum + r.errors, 0),
      ratio: round(median(own.map((r, i) => r.rps / (baseline[i]?.rps ?? Number.NaN))), 3),
    }
  })
}

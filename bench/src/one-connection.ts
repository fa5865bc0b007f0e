import { Agent, request } from 'node:http'
import { headersFor, type RunResult, type Target } from './load.ts'
import type { GroupRunner } from './rounds.ts'
import { percentile } from './stats.ts'

function send(target: Target, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      { method: target.method ?? 'GET', headers: headersFor(target), agent },
      (res) => {
        res.resume()
        res.once('end', () => resolve(res.statusCode ?? 0))
        res.once('error', reject)
      }
    )
    req.once('error', reject)
    req.end(target.body)
  })
}

/** What one target of an alternating run has collected so far. */
interface Samples {
  target: Target
  /** Its own keep-alive connection. */
  agent: Agent
  latencies: number[]
  non2xx: number
  errors: number
}

async function sample(samples: Samples): Promise<void> {
  const sent = performance.now()
  try {
    const status = await send(samples.target, samples.agent)
    if (status < 200 || status > 299) samples.non2xx++
  } catch {
    samples.errors++
  }
  samples.latencies.push(performance.now() - sent)
}

function result(samples: Samples, seconds: number): RunResult {
  const { latencies } = samples
  return {
    rps: latencies.length / seconds,
    requests: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx: samples.non2xx,
    errors: samples.errors,
  }
}

/**
 * Paired sampling: one request to each target in turn, each over its own keep-alive connection,
 * one request in flight at a time in total, until `seconds` have passed (a cycle is never cut
 * short, so every target gets the same number of samples). Whatever the machine does meanwhile
 * (another process waking up, a frequency change) falls on every target alike instead of on
 * whichever happened to run then, so differences between the targets' percentiles keep little
 * of it. The first target of each cycle rotates, so none always follows the same one. Timed with
 * `performance.now()` (autocannon's latency has whole-millisecond resolution); the client's own
 * cost is the same for every target and cancels out of differences between them.
 */
export const alternatingRun: GroupRunner = async (targets, seconds) => {
  const all: Samples[] = targets.map((target) => ({
    target,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    latencies: [],
    non2xx: 0,
    errors: 0,
  }))
  const started = performance.now()
  const end = started + seconds * 1000
  try {
    for (let cycle = 0; performance.now() < end; cycle++) {
      for (let i = 0; i < all.length; i++) await sample(all[(cycle + i) % all.length] as Samples)
    }
  } finally {
    for (const { agent } of all) agent.destroy()
  }
  const elapsed = (performance.now() - started) / 1000
  return all.map((samples) => result(samples, elapsed))
}

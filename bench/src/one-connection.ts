import { Agent, request } from 'node:http'
import { headersFor, type Runner, type Target } from './load.ts'
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

/**
 * Requests one after another over one keep-alive connection, timed with `performance.now()`:
 * latency to the microsecond, where autocannon rounds to whole milliseconds. The client's own
 * cost is the same for every target, so it cancels out of differences between them.
 */
export const oneConnectionRun: Runner = async (target, _connections, seconds) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const latencies: number[] = []
  let non2xx = 0
  let errors = 0
  const started = performance.now()
  const end = started + seconds * 1000
  try {
    while (performance.now() < end) {
      const sent = performance.now()
      try {
        const status = await send(target, agent)
        if (status < 200 || status > 299) non2xx++
      } catch {
        errors++
      }
      latencies.push(performance.now() - sent)
    }
  } finally {
    agent.destroy()
  }
  return {
    rps: latencies.length / ((performance.now() - started) / 1000),
    requests: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx,
    errors,
  }
}

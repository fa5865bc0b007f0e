import autocannon from 'autocannon'

export interface Target {
  name: string
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Headers made afresh for each request (a one-time proof), on top of `headers`. */
  perRequest?: () => Record<string, string>
  body?: string
}

/** The headers of one request to `target`. */
export function headersFor(target: Target): Record<string, string> {
  const fixed = target.headers ?? {}
  return target.perRequest === undefined ? fixed : { ...fixed, ...target.perRequest() }
}

/** One measured run against one target. Latency in ms. */
export interface RunResult {
  rps: number
  /** Answers received in the measured run. */
  requests: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/** Something that loads a target for a while: autocannon, or the one-connection prober. */
export type Runner = (target: Target, connections: number, seconds: number) => Promise<RunResult>

/** What one autocannon run measured; latency in whole ms, as autocannon records it. */
export function autocannonResult(result: autocannon.Result): RunResult {
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

/** One autocannon run against loopback. */
export const autocannonRun: Runner = async (target, connections, seconds) => {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.perRequest === undefined
      ? {}
      : { requests: [{ setupRequest: (req) => ({ ...req, headers: headersFor(target) }) }] }),
    connections,
    duration: seconds,
  })
  return autocannonResult(result)
}

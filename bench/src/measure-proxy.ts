import type { Stack } from '@keyward/dev-stack'
import { brokerToken } from './bench-stack.ts'
import { compare, type LoadOptions } from './load.ts'
import type { Section } from './report.ts'

/** Measurement 3: `GET /v1/api/videos` through the broker against the same call to the emulator. */
export async function measureProxy(stack: Stack, load: LoadOptions): Promise<Section> {
  const auth = await fetch(`${stack.urls.emulator}/auth/api-key`, {
    method: 'POST',
    body: JSON.stringify({ apiKey: stack.apiKey }),
  })
  const upstream = ((await auth.json()) as { access_token: string }).access_token
  const token = await brokerToken(stack)
  const targets = [
    {
      name: 'GET /videos straight to the emulator',
      url: `${stack.urls.emulator}/videos?pageSize=10`,
      headers: { authorization: `Bearer ${upstream}` },
    },
    {
      name: 'GET /v1/api/videos through the broker',
      url: `${stack.urls.broker}/v1/api/videos?pageSize=10`,
      headers: { authorization: `Bearer ${token}` },
    },
  ]
  // One connection shows the latency a request pays; 32 show the throughput under load, where
  // queueing in wrangler's dev proxy dominates latency.
  const [direct1, proxied1] = await compare(targets, { ...load, connections: 1 })
  const [direct, proxied] = await compare(targets, load)
  if (!direct || !proxied || !direct1 || !proxied1) throw new Error('no load results')
  const row = (t: typeof direct, connections: number) => [
    t.name,
    connections,
    t.rps,
    t.p50,
    t.p99,
    t.non2xx,
    t.errors,
    t.ratio,
  ]
  return {
    id: '3',
    title: 'Proxy overhead',
    target: 'informational: the added latency of one broker hop in workerd',
    met: null,
    headline: `+${proxied1.p50 - direct1.p50} ms p50, +${proxied1.p99 - direct1.p99} ms p99 per request (1 connection); ${proxied.ratio} of direct throughput at ${load.connections ?? 32} connections`,
    columns: [
      'Path',
      'connections',
      'req/s (median)',
      'p50 ms',
      'p99 ms',
      'non-2xx',
      'errors',
      'ratio',
    ],
    rows: [
      row(direct1, 1),
      row(proxied1, 1),
      row(direct, load.connections ?? 32),
      row(proxied, load.connections ?? 32),
    ],
    notes: [
      'The broker verifies the token, checks the scope, swaps in the upstream token and streams the body back; the emulator is a Node process on the same two cores, far faster than any workerd route here, so the throughput ratio mostly shows the ceiling of `wrangler dev` itself (compare measurement 1).',
    ],
  }
}

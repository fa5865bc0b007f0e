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
  const [direct, proxied] = await compare(
    [
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
    ],
    load
  )
  if (!direct || !proxied) throw new Error('no load results')
  return {
    id: '3',
    title: 'Proxy overhead',
    target: 'informational: the added latency of one broker hop in workerd',
    met: null,
    headline: `+${proxied.p50 - direct.p50} ms p50, +${proxied.p99 - direct.p99} ms p99 (${proxied.ratio} of direct throughput)`,
    columns: ['Path', 'req/s (median)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
    rows: [direct, proxied].map((t) => [t.name, t.rps, t.p50, t.p99, t.non2xx, t.errors, t.ratio]),
    notes: [
      'The broker verifies the token, checks the scope, swaps in the upstream token and streams the body back; the emulator is a Node process on the same two cores.',
    ],
  }
}

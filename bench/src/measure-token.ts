import type { Stack } from '@keyward/dev-stack'
import { BENCH_ORIGIN, brokerToken } from './bench-stack.ts'
import { compare, type LoadOptions } from './load.ts'
import type { Section } from './report.ts'

/** Measurement 1: `/v1/token` throughput and latency against a trivial route of the same Worker. */
export async function measureToken(stack: Stack, load: LoadOptions): Promise<Section> {
  await brokerToken(stack) // warm: the upstream token is cached before measuring
  const [trivial, token] = await compare(
    [
      { name: 'GET /healthz (constant JSON)', url: `${stack.urls.broker}/healthz` },
      {
        name: 'POST /v1/token',
        url: `${stack.urls.broker}/v1/token`,
        method: 'POST',
        headers: { origin: BENCH_ORIGIN },
      },
    ],
    load
  )
  if (!trivial || !token) throw new Error('no load results')
  return {
    id: '1',
    title: '`/v1/token` in workerd (`wrangler dev`), warm upstream token',
    target: '>= 0.7 of the trivial route of the same Worker',
    met: token.ratio >= 0.7 && token.non2xx === 0 && token.errors === 0,
    headline: `${token.ratio} of the trivial route (${token.rps} vs ${trivial.rps} req/s)`,
    columns: ['Route', 'req/s (median)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
    rows: [trivial, token].map((t) => [t.name, t.rps, t.p50, t.p99, t.non2xx, t.errors, t.ratio]),
    notes: [
      `${load.rounds ?? 3} rounds; in each, every route gets a ${load.warmupSeconds ?? 2} s warm-up and a ${load.seconds ?? 6} s measured run at ${load.connections ?? 32} connections, order rotated per round; ratio = median of per-round ratios.`,
      "Through wrangler's dev proxy, which caps every route (see the perf anchors): the ratio, not the absolute rate, is the figure.",
    ],
  }
}

import { stopService, waitForHttp } from '@keyward/dev-stack'
import { startBenchWorker } from './bench-worker.ts'
import type { Section } from './report.ts'
import { median, round } from './stats.ts'

const ALGS = ['EdDSA', 'ES256', 'HS256'] as const
const OPS = ['sign', 'verify'] as const

/** Measurement 7: jose sign and verify cost per operation inside workerd (`wrangler dev`). */
export async function measureCrypto(root: string, logDir: string): Promise<Section> {
  const { service: worker, url } = await startBenchWorker({
    root,
    name: 'crypto-worker',
    config: 'crypto-worker/wrangler.jsonc',
    logDir,
  })
  try {
    await waitForHttp(url, worker, 90_000)
    const cases = ALGS.flatMap((alg) => OPS.map((op) => `${alg} ${op}`))
    const samples = new Map<string, number[]>(cases.map((name) => [name, []]))
    for (const name of cases) {
      const [alg, op] = name.split(' ')
      await fetch(`${url}/?alg=${alg}&op=${op}&n=200`)
    }
    // Rounds interleave every case, so load from the shared machine hits them alike.
    for (let rep = 0; rep < 5; rep++) {
      for (const name of cases) {
        const [alg, op] = name.split(' ')
        const res = await fetch(`${url}/?alg=${alg}&op=${op}&n=2000`)
        const { elapsedMs, n } = (await res.json()) as { elapsedMs: number; n: number }
        samples.get(name)?.push((elapsedMs * 1000) / n)
      }
    }
    const perOp = Object.fromEntries(
      cases.map((name) => [name, round(median(samples.get(name) ?? []), 1)])
    )
    const ed = (perOp['EdDSA sign'] ?? 0) + (perOp['EdDSA verify'] ?? 0)
    const es = (perOp['ES256 sign'] ?? 0) + (perOp['ES256 verify'] ?? 0)
    return {
      id: '7',
      title: 'Token signing and verification cost per operation in workerd',
      target: 'the default (EdDSA) costs at most 1.5× ES256 (sign + verify)',
      met: ed <= es * 1.5,
      headline: `EdDSA sign ${perOp['EdDSA sign']} µs, verify ${perOp['EdDSA verify']} µs (ES256: ${perOp['ES256 sign']} / ${perOp['ES256 verify']} µs)`,
      columns: ['Algorithm', 'sign µs/op', 'verify µs/op'],
      rows: ALGS.map((alg) => [alg, perOp[`${alg} sign`] ?? '', perOp[`${alg} verify`] ?? '']),
      notes: [
        'Median of 5 rounds; each round runs 2,000 sequential jose operations in one request for every case in turn, after a 200-operation warm-up.',
        'Local workerd advances Date.now() during CPU-bound code (1 ms resolution); deployed Workers do not, so this only works locally.',
        'EdDSA is the default because it is asymmetric (the JWKS can be published and verified by anyone without a shared secret) at a cost close to ES256, with short keys and deterministic signatures; HS256 is cheaper but would make every verifier a signer.',
      ],
    }
  } finally {
    await stopService(worker)
  }
}

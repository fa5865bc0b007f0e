// What a DPoP proof costs per request in Chromium, side by side in one run:
// - a request through `createDpopFetch` (proof with `ath`, `Authorization: DPoP`) against the same
//   request through the bare `fetch` (no proof), to a loopback server that answers at once;
// - `createProof` alone against one plain ECDSA P-256 `crypto.subtle.sign` of the same size.
// The two cases of each pair alternate batch by batch (10 requests, 50 proofs), so drift hits both
// alike; each round gives the median time per operation of each case over its batches, and the figures are medians over rounds of the
// per-round ratios, with absolute times beside them. No assertion: the machine is shared.
// Run: node bench/dpop-proof.ts [--requests 400] [--proofs 2000] [--rounds 5]
// Writes <repo>/bench/results/dpop-proof.json and .md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import { build } from 'esbuild'
import { chromiumLaunchOptions } from '../../../playwright-chromium.ts'
import type * as Dpop from '../src/dpop/index.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    proofs: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
  },
})
const REQUESTS = Number(values.requests)
const PROOFS = Number(values.proofs)
const ROUNDS = Number(values.rounds)
const root = join(import.meta.dirname, '..')
const results = join(root, '../../bench/results')

const { outputFiles } = await build({
  stdin: { contents: "export * from './dist/dpop/index.js'", resolveDir: root },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'silent',
})
const bundle = outputFiles[0]?.text ?? ''
const TOKEN = `eyJhbGciOiJFZERTQSJ9.${'e'.repeat(300)}.${'s'.repeat(86)}`
const PAGE = `<!doctype html><meta charset="utf-8"><title>DPoP proof bench</title>
<script type="module">import * as dpop from '/dpop.js'; window.dpop = dpop; window.ready = true</script>`

// Same origin as the page: no CORS preflight for either case, so both send one request each.
const server = createServer((request, response) => {
  const send = (type: string, body: string) => {
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
    response.end(body)
  }
  request.resume()
  if (request.url === '/') return send('text/html', PAGE)
  if (request.url === '/dpop.js') return send('text/javascript', bundle)
  if (request.url === '/v1/token') {
    return send('application/json', JSON.stringify({ access_token: TOKEN, token_type: 'DPoP' }))
  }
  send('application/json', '{"data":[]}')
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const browser = await chromium.launch(chromiumLaunchOptions())
type Case = 'bare' | 'dpop' | 'proof' | 'sign'
const rounds: Record<Case, number>[] = []
let version = ''
try {
  version = browser.version()
  const page = await browser.newPage()
  await page.goto(base)
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
  for (let round = 0; round < ROUNDS; round++) rounds.push(await measureRound(page))
} finally {
  await browser.close()
  server.close()
}

/**
 * One round, in the page: the cases of each pair alternate batch by batch (which goes first
 * alternating too), so that a busy moment of the machine hits both alike. Answers the median
 * milliseconds per operation of each case.
 */
function measureRound(page: import('@playwright/test').Page): Promise<Record<Case, number>> {
  return page.evaluate(
    async ({ requests, proofs, token }) => {
      const { createDpopFetch, createDpopKey, createProof } = (
        window as unknown as { dpop: typeof Dpop }
      ).dpop
      const key = await createDpopKey()
      const url = `${location.origin}/v1/api/videos`
      const headers = { authorization: `Bearer ${token}` }
      const dpop = createDpopFetch({ key, origins: [location.origin] })
      // The token answer binds the token to the key, as the broker's does.
      await dpop('/v1/token', { method: 'POST' })
      // The signing input of a proof with ath, signed as is: the same bytes, no JSON, no hashing.
      const sample = await createProof({ key, htm: 'GET', htu: url, accessToken: token })
      const input = new TextEncoder().encode(sample.slice(0, sample.lastIndexOf('.')))
      const run: Record<string, () => Promise<unknown>> = {
        bare: async () => (await fetch(url, { headers })).text(),
        dpop: async () => (await dpop(url, { headers })).text(),
        proof: () => createProof({ key, htm: 'GET', htu: url, accessToken: token }),
        sign: () => crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, input),
      }
      const times: Record<string, number[]> = { bare: [], dpop: [], proof: [], sign: [] }
      // Timed by batches: a page's clock is coarsened to 0.1 ms, about the time of one signature.
      async function pairs(a: string, b: string, count: number, batch: number) {
        for (let i = 0; i < 20; i++) await Promise.all([run[a]?.(), run[b]?.()])
        for (let i = 0; i < count / batch; i++) {
          for (const name of i % 2 ? [a, b] : [b, a]) {
            const start = performance.now()
            for (let j = 0; j < batch; j++) await run[name]?.()
            times[name]?.push((performance.now() - start) / batch)
          }
        }
      }
      await pairs('bare', 'dpop', requests, 10)
      await pairs('proof', 'sign', proofs, 50)
      const median = (list: number[]) => {
        const sorted = [...list].sort((x, y) => x - y)
        const mid = sorted.length >> 1
        return sorted.length % 2
          ? (sorted[mid] as number)
          : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
      }
      return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]))
    },
    { requests: REQUESTS, proofs: PROOFS, token: TOKEN }
  ) as Promise<Record<Case, number>>
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const ratio = (a: Case, b: Case) => rounds.map((round) => round[a] / round[b])
const of = (name: Case) => median(rounds.map((round) => round[name]))
const requestRatios = ratio('dpop', 'bare')
const proofRatios = ratio('proof', 'sign')
const report = {
  date: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    chromium: version,
    loadAverage1m: loadavg()[0],
  },
  settings: { requests: REQUESTS, proofs: PROOFS, rounds: ROUNDS },
  msPerRequest: { bare: of('bare'), dpop: of('dpop') },
  addedMsPerRequest: of('dpop') - of('bare'),
  requestRatio: {
    median: median(requestRatios),
    min: Math.min(...requestRatios),
    max: Math.max(...requestRatios),
  },
  msPerProof: { createProof: of('proof'), ecdsaSign: of('sign') },
  proofRatio: {
    median: median(proofRatios),
    min: Math.min(...proofRatios),
    max: Math.max(...proofRatios),
  },
  rounds,
}

const ms = (value: number) => `${value.toFixed(3)} ms`
const range = ({ median, min, max }: { median: number; min: number; max: number }) =>
  `**${median.toFixed(2)}×** (rounds ${min.toFixed(2)}–${max.toFixed(2)})`
const markdown = `# DPoP proof cost in Chromium

${report.date}: ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, Chromium ${version}; load average ${report.machine.loadAverage1m?.toFixed(1)} at the end (the machine is shared: absolute times are a floor, ratios are what counts).
${ROUNDS} rounds; in each, the cases of a pair alternate batch by batch (10 requests, 50 signatures) and give their median time per operation over the batches; ratios are medians over rounds. Run: \`node packages/client/bench/dpop-proof.ts\`.

| Case | Per operation | Ratio |
| --- | --- | --- |
| Request through the bare \`fetch\` (\`Authorization: Bearer\`, no proof), ${REQUESTS} sequential, loopback | ${ms(report.msPerRequest.bare)} | baseline |
| Same request through \`createDpopFetch\` (proof with \`ath\`, \`Authorization: DPoP\`) | ${ms(report.msPerRequest.dpop)} | ${range(report.requestRatio)} |
| One plain ECDSA P-256 \`crypto.subtle.sign\` of a proof's signing input, ${PROOFS} sequential | ${ms(report.msPerProof.ecdsaSign)} | baseline |
| One \`createProof\` (random \`jti\`, \`ath\` hashed once per token, JSON, base64url, ECDSA P-256 sign) | ${ms(report.msPerProof.createProof)} | ${range(report.proofRatio)} |

Added per request by DPoP: **${ms(report.addedMsPerRequest)}**. A loopback request that the server answers at once is the worst
case for the ratio: over a real network the proof costs the same, against a round trip of milliseconds.

| Round | bare | dpop | createProof | sign |
| --- | --- | --- | --- | --- |
${rounds.map((round, i) => `| ${i + 1} | ${ms(round.bare)} | ${ms(round.dpop)} | ${ms(round.proof)} | ${ms(round.sign)} |`).join('\n')}
`
mkdirSync(results, { recursive: true })
writeFileSync(join(results, 'dpop-proof.json'), `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(join(results, 'dpop-proof.md'), markdown)
console.log(markdown)

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApi, createTokenSource } from '@keyward/client'
import ky from 'ky'
import { BENCH_ORIGIN, startBenchStack } from './bench-stack.ts'
import type { Section } from './report.ts'

const CONCURRENT = 200
const TOKEN_TTL_SECONDS = 10
// 200 requests at once through `wrangler dev` on two shared cores can take longer than ky's 10 s.
const TIMEOUT_MS = 60_000

interface SizeReport {
  budget: number
  own: { gzipped: number }
  withKy: { gzipped: number }
}

/** The client's own size check (esbuild, minified ESM, gzip -9), the one `npm run check` enforces. */
function clientSize(root: string): SizeReport {
  execFileSync('pnpm', ['--filter', '@keyward/client', 'run', 'check:size'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return JSON.parse(readFileSync(join(root, 'packages/client/.reports/size.json'), 'utf8'))
}

/** Counts POSTs to the token endpoint made through `fetch`. */
function countingFetch() {
  const counter = { tokenFetches: 0 }
  const fetchImpl = (input: string, init: RequestInit) => {
    counter.tokenFetches++
    return fetch(input, init)
  }
  return { counter, fetchImpl }
}

/** Measurement 5: the client's size, and token fetches for 200 concurrent requests on an expired token. */
export async function measureClient(root: string): Promise<Section> {
  const size = clientSize(root)
  const own = size.own.gzipped
  const withKy = size.withKy.gzipped

  const stack = await startBenchStack(root, { TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) })
  try {
    const tokenUrl = `${stack.urls.broker}/v1/token`
    const prefix = `${stack.urls.broker}/v1/api`

    // Keyward: warm a token, let it expire for real (broker and client alike), then 200 at once.
    const { counter, fetchImpl } = countingFetch()
    const tokens = createTokenSource({
      url: tokenUrl,
      headers: { origin: BENCH_ORIGIN },
      fetch: fetchImpl,
    })
    const api = createApi({ tokens, prefix, retry: 0, timeout: TIMEOUT_MS })
    await api.get('videos?pageSize=1').json()
    await new Promise((resolve) => setTimeout(resolve, (TOKEN_TTL_SECONDS + 2) * 1000))
    const before = counter.tokenFetches
    const statuses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => api.get('videos?pageSize=1').then((r) => r.status))
    )
    const keywardFetches = counter.tokenFetches - before
    tokens.dispose()

    // Naive: ky's documented pattern without single-flight (fetch a token when none is cached).
    let naiveFetches = 0
    let cached: string | undefined
    const naive = ky.create({
      prefix,
      retry: 0,
      timeout: TIMEOUT_MS,
      hooks: {
        beforeRequest: [
          async ({ request }) => {
            if (!cached) {
              naiveFetches++
              const res = await fetch(tokenUrl, {
                method: 'POST',
                headers: { origin: BENCH_ORIGIN },
              })
              cached = ((await res.json()) as { access_token: string }).access_token
            }
            request.headers.set('authorization', `Bearer ${cached}`)
          },
        ],
      },
    })
    await Promise.all(Array.from({ length: CONCURRENT }, () => naive.get('videos?pageSize=1')))

    const allOk = statuses.every((status) => status === 200)
    return {
      id: '5',
      title:
        '`@keyward/client`: size, and token fetches for 200 concurrent requests on an expired token',
      target: 'own code <= 2.0 KB min+gzip; 1 token fetch',
      met: own <= size.budget && keywardFetches === 1 && allOk,
      headline: `${own} B min+gz own code (${withKy} B with ky); ${keywardFetches} token fetch for ${CONCURRENT} requests (naive: ${naiveFetches})`,
      columns: ['Figure', '@keyward/client', 'baseline'],
      rows: [
        ['min+gzip, own code (ky external)', `${own} B`, `${size.budget} B budget`],
        ['min+gzip, with ky bundled', `${withKy} B`, `ky's share: ${withKy - own} B`],
        [
          `token fetches for ${CONCURRENT} concurrent requests on an expired token`,
          keywardFetches,
          `${naiveFetches} (ky beforeRequest hook, no single-flight)`,
        ],
        [`requests answered 200`, statuses.filter((s) => s === 200).length, CONCURRENT],
      ],
      notes: [
        `The client runs in Node against the real broker in workerd; the broker's token lifetime is set to ${TOKEN_TTL_SECONDS} s and the bench waits it out, so the token is expired for both sides.`,
        "Sizes: the client's own `check:size` (esbuild bundle of the published entry, minified ESM for the browser, gzip level 9), the budget `npm run check` enforces.",
      ],
    }
  } finally {
    await stack.stop()
  }
}

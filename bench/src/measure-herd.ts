import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stopService, waitForHttp } from '@keyward/dev-stack'
import { BENCH_ORIGIN, emulatorAuthStats, startBenchStack } from './bench-stack.ts'
import { startBenchWorker } from './bench-worker.ts'
import type { Section } from './report.ts'
import { median } from './stats.ts'

const HERD = 500
const ROUNDS = 3

async function herd(url: string, headers: Record<string, string>): Promise<number> {
  const answers = await Promise.all(
    Array.from({ length: HERD }, () =>
      fetch(url, { method: 'POST', headers }).then(async (res) => {
        await res.body?.cancel()
        return res.status
      })
    )
  )
  return answers.filter((status) => status === 200).length
}

/** Measurement 2: upstream exchanges for 500 concurrent `/v1/token` calls on a cold broker. */
export async function measureHerd(root: string, logDir: string): Promise<Section> {
  const keyward: number[] = []
  const naive: number[] = []
  const okCounts: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const stack = await startBenchStack(root)
    try {
      okCounts.push(await herd(`${stack.urls.broker}/v1/token`, { origin: BENCH_ORIGIN }))
      const after = await emulatorAuthStats(stack.urls.emulator)
      keyward.push(after.apiKey.succeeded + after.refresh.succeeded)
      naive.push(await naiveHerd(root, logDir, stack.urls.emulator, stack.apiKey))
    } finally {
      await stack.stop()
    }
  }
  const exchanges = median(keyward)
  return {
    id: '2',
    title: 'Cold herd: 500 concurrent `/v1/token` calls on a cold broker',
    target: '1 upstream exchange (a naive broker makes 500)',
    met: keyward.every((n) => n === 1) && okCounts.every((n) => n === HERD),
    headline: `${exchanges} exchange(s) for ${HERD} callers (naive broker: ${median(naive)})`,
    columns: ['Broker', 'upstream exchanges per round', 'callers answered 200 per round'],
    rows: [
      ['Keyward (apps/worker)', keyward.join(', '), okCounts.join(', ')],
      ['naive (exchange per request)', naive.join(', '), `${HERD} requested`],
    ],
    notes: [
      `${ROUNDS} rounds, each on a freshly started emulator and \`wrangler dev\`; exchanges counted by the emulator (successful /auth/api-key + /auth/refresh).`,
    ],
  }
}

async function naiveHerd(root: string, logDir: string, emulator: string, apiKey: string) {
  const before = await emulatorAuthStats(emulator)
  const envFile = join(root, '.stack/bench/naive.env')
  writeFileSync(envFile, `APIVIDEO_API_KEY=${apiKey}\n`, { mode: 0o600 })
  const { service: worker, url } = await startBenchWorker({
    root,
    name: 'naive-worker',
    config: 'naive-worker/wrangler.jsonc',
    logDir,
    args: ['--env-file', envFile, '--var', `APIVIDEO_BASE_URL:${emulator}`],
  })
  try {
    await waitForHttp(url, worker, 90_000)
    await herd(`${url}/v1/token`, {})
    const after = await emulatorAuthStats(emulator)
    return after.apiKey.succeeded - before.apiKey.succeeded
  } finally {
    await stopService(worker)
  }
}

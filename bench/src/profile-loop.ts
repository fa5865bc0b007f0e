// The broker's own CPU per proxied call inside workerd, without the network: `loop-worker/`
// under `wrangler dev` calls two builds of the Worker (this tree's `packages/broker/dist` and
// another, `--compare`) plain and in ownership mode, each answering `GET /v1/api/videos` from an
// in-memory api.video, in blocks of sequential calls timed inside the Worker, rounds interleaved.
// Differences of a few µs show here that the load-driven `/proc` figures of profile-inner.ts
// cannot resolve on shared cores. Everything listens on 127.0.0.1; only the process started
// here is stopped.
//
//   node src/profile-loop.ts [--compare <a copy of packages/broker/dist inside packages/broker>]
//     [--flags <comma-separated compatibility flags of the loop Worker, both builds>]
//     [--calls 1000] [--rounds 7] [--profile 'current plain,bare /proxy'] [--top 25]
//   --profile: after the rounds, V8's sampling profiler on each of those targets alone (self and
//   total µs per call, scaled to its block's time).

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { stopService, waitForHttp } from '@keyward/dev-stack'
import { startBenchWorker } from './bench-worker.ts'
import { profileWhile, summarise } from './profile-summary.ts'
import { median, percentile, round } from './stats.ts'
import { readWranglerConfig, writeWranglerConfig } from './wrangler-config.ts'

const { values } = parseArgs({
  options: {
    compare: { type: 'string' },
    flags: { type: 'string' },
    calls: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '7' },
    profile: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
})
const root = resolve(import.meta.dirname, '../..')
const logDir = join(root, '.stack/bench/profile-loop')
mkdirSync(logDir, { recursive: true })

/** `loop-worker/wrangler.jsonc` with the compared build aliased. */
function loopConfig(): string {
  const dir = join(root, 'bench/loop-worker')
  const config = readWranglerConfig(join(dir, 'wrangler.jsonc'))
  config.main = join(dir, String(config.main))
  const dist = resolve(values.compare ?? join(root, 'packages/broker/dist'))
  config.alias = { 'keyward-compared/cloudflare': join(dist, 'cloudflare/index.js') }
  const flags = values.flags
  if (flags !== undefined) config.compatibility_flags = flags.split(',').filter(Boolean)
  return writeWranglerConfig(join(logDir, 'loop-wrangler.json'), config)
}

const { service, url, inspectorPort } = await startBenchWorker({
  root,
  name: 'loop-worker',
  config: loopConfig(),
  logDir,
  args: ['--persist-to', join(logDir, 'wrangler')],
})
try {
  await waitForHttp(`${url}/static`, service, 90_000)
  const res = await fetch(`${url}/?calls=${values.calls}&rounds=${values.rounds}`)
  if (!res.ok) throw new Error(`the loop Worker answered ${res.status}: ${await res.text()}`)
  const figures = (await res.json()) as Record<string, number[]>
  process.stdout.write(
    `µs per proxied call inside workerd (in-memory api.video), ${values.calls} calls per block, ${values.rounds} interleaved rounds:\n`
  )
  // Other work on the cores only adds time to a block: the quickest blocks are the least
  // disturbed, so the minimum and the low quartile are the figures to compare.
  for (const [name, each] of Object.entries(figures)) {
    process.stdout.write(
      `  ${name.padEnd(20)} min ${round(Math.min(...each), 1)}, p25 ${round(percentile(each, 0.25), 1)}, median ${round(median(each), 1)}\n`
    )
  }
  for (const mode of ['plain', 'ownership']) {
    const current = figures[`current ${mode}`] ?? []
    const compared = figures[`compared ${mode}`] ?? []
    const diffs = current.map((c, i) => c - (compared[i] ?? Number.NaN))
    const min = Math.min(...current) - Math.min(...compared)
    process.stdout.write(
      `  current - compared, ${mode}: min ${round(min, 1)} µs, p25 ${round(percentile(current, 0.25) - percentile(compared, 0.25), 1)} µs, median of per-round differences ${round(median(diffs), 1)} µs\n`
    )
  }
  for (const profiled of values.profile?.split(',') ?? []) {
    let perCall = 0
    const profile = await profileWhile(inspectorPort, async () => {
      const res = await fetch(`${url}/?calls=${values.calls}&only=${encodeURIComponent(profiled)}`)
      if (!res.ok) throw new Error(`the loop Worker answered ${res.status}: ${await res.text()}`)
      perCall = ((await res.json()) as Record<string, number[]>)[profiled]?.[0] ?? 0
    })
    process.stdout.write(`\n${summarise(profile, perCall, Number(values.top), profiled)}`)
  }
} finally {
  await stopService(service)
}

// DPoP's CPU cost per call inside workerd, without sockets: `dpop-worker/` drives the broker's
// app (DPoP required, per-isolate replay cache) and the bare DPoP forward (`GET /proxy-dpop`)
// with `app.request()`, each call with its own fresh ES256 proof made here. Each figure is the
// user Worker's workerd CPU (/proc) over a batch of calls, per call; rounds are interleaved, the
// order rotated. Everything listens on 127.0.0.1; only the processes started here are stopped.
//
//   node src/profile-dpop-workerd.ts [--calls 2000] [--rounds 5] [--profile [--top 30]] [--plain]
//   node src/profile-dpop-workerd.ts --compare <a copy of another build's packages/broker/dist
//     placed inside packages/broker, e.g. packages/broker/dist-before>
//
// --plain adds the same apps without DPoP (bare `/proxy`, the broker with DPoP off and a Bearer
// token), whose calls carry the same proofs, ignored. --profile adds, per target, one batch with V8's sampling profiler attached over the Worker's
// inspector, summed by function. Without --compare, "compared" is this build again: the spread between it and "broker" is the
// measurement's own noise.

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { stopService, waitForHttp } from '@keyward/dev-stack'
import { startBenchWorker } from './bench-worker.ts'
import { athOf, browserKey, proof } from './dpop-load.ts'
import { innerWorkerdPort } from './inner-port.ts'
import { cpuTicksOf, listenerOf, TICKS_PER_SECOND } from './processes.ts'
import { profileWhile, summarise } from './profile-summary.ts'
import { median, round } from './stats.ts'
import { readWranglerConfig, writeWranglerConfig } from './wrangler-config.ts'

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    compare: { type: 'string' },
    plain: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    top: { type: 'string', default: '30' },
  },
})
const CALLS = Number(values.calls)
const ROUNDS = Number(values.rounds)
const TARGETS = [
  'bare',
  'broker',
  'compared',
  ...(values.plain ? (['bare-proxy', 'broker-off'] as const) : []),
] as const
const root = resolve(import.meta.dirname, '../..')
const logDir = join(root, '.stack/bench/profile-dpop-workerd')
mkdirSync(logDir, { recursive: true })

/** `dpop-worker/wrangler.jsonc` with `keyward-broker-compared` aliased to `dist`. */
function config(dist: string | undefined): string {
  const workerDir = join(root, 'bench/dpop-worker')
  const parsed = readWranglerConfig(join(workerDir, 'wrangler.jsonc'))
  parsed.main = join(workerDir, 'index.ts')
  const compared = dist === undefined ? join(root, 'packages/broker/dist') : resolve(dist)
  parsed.alias = { 'keyward-broker-compared': join(compared, 'index.js') }
  return writeWranglerConfig(join(logDir, 'wrangler.json'), parsed)
}

const {
  service: worker,
  port,
  inspectorPort,
} = await startBenchWorker({
  root,
  name: 'dpop-loop-worker',
  config: config(values.compare),
  logDir,
})
process.once('SIGINT', () => void stopService(worker).then(() => process.exit(130)))

try {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, worker, 90_000)
  const innerPort = await innerWorkerdPort(port, '/healthz')
  const base = `http://127.0.0.1:${innerPort}`
  const listener = listenerOf(innerPort)
  if (listener === undefined) throw new Error(`nothing of this bench listens on ${innerPort}`)
  const pid: number = listener
  const key = await browserKey()

  /** Each target's bound token, its `ath`, and the URL its proofs name. */
  const setups = new Map<string, { token: string; ath: string; htu: string }>()
  for (const target of TARGETS) {
    const paths = (await (await fetch(`${base}/paths?target=${target}`)).json()) as {
      tokenPath: string
      path: string
    }
    const res = await fetch(`${base}/token?target=${target}`, {
      method: 'POST',
      headers: { dpop: await proof(key, 'POST', `http://localhost${paths.tokenPath}`, {}) },
    })
    if (!res.ok) throw new Error(`${target}: token answered ${res.status}: ${await res.text()}`)
    const { access_token: token } = (await res.json()) as { access_token: string }
    setups.set(target, { token, ath: await athOf(token), htu: `http://localhost${paths.path}` })
  }

  /** Workerd CPU µs per call over one batch of `calls` fresh proofs. */
  async function batch(target: string, calls: number) {
    const setup = setups.get(target)
    if (setup === undefined) throw new Error(`no setup for ${target}`)
    const proofs = await Promise.all(
      Array.from({ length: calls }, () => proof(key, 'GET', setup.htu, { ath: setup.ath }))
    )
    const body = JSON.stringify({ token: setup.token, proofs })
    const before = cpuTicksOf(pid) ?? 0
    const res = await fetch(`${base}/run?target=${target}`, { method: 'POST', body })
    const result = (await res.json()) as { n: number; failed: number; elapsedMs: number }
    const ticks = (cpuTicksOf(pid) ?? 0) - before
    if (result.failed > 0)
      throw new Error(`${target}: ${result.failed} of ${result.n} calls failed`)
    return {
      cpu: (ticks / TICKS_PER_SECOND / calls) * 1e6,
      wall: (result.elapsedMs * 1000) / calls,
    }
  }

  for (const target of TARGETS) await batch(target, Math.min(CALLS, 500)) // warm-up
  const perRound = new Map(TARGETS.map((t) => [t, [] as Array<{ cpu: number; wall: number }>]))
  for (let r = 0; r < ROUNDS; r++)
    for (let i = 0; i < TARGETS.length; i++) {
      const target = TARGETS[(i + r) % TARGETS.length] as (typeof TARGETS)[number]
      perRound.get(target)?.push(await batch(target, CALLS))
    }
  const cpu = (target: string) => median((perRound.get(target as never) ?? []).map((m) => m.cpu))
  process.stdout.write(
    `workerd CPU µs per call (/proc), median of ${ROUNDS} interleaved rounds of ${CALLS} calls [each round] (wall µs):\n`
  )
  for (const [target, figures] of perRound)
    process.stdout.write(
      `  ${target.padEnd(9)} ${round(cpu(target), 1)} [${figures.map((f) => round(f.cpu, 0)).join(', ')}] (${round(median(figures.map((f) => f.wall)), 1)})\n`
    )
  const ratios = (a: string, b: string) =>
    (perRound.get(a as never) ?? []).map((m, i) =>
      round(m.cpu / (perRound.get(b as never)?.[i]?.cpu ?? Number.NaN), 3)
    )
  process.stdout.write(
    `  per-round CPU broker ÷ bare: ${ratios('broker', 'bare').join(', ')}; compared ÷ bare: ${ratios('compared', 'bare').join(', ')}; broker ÷ compared: ${ratios('broker', 'compared').join(', ')}\n`
  )
  if (values.plain)
    process.stdout.write(
      `  DPoP adds: broker ${round(cpu('broker') - cpu('broker-off'), 1)} µs, bare ${round(cpu('bare') - cpu('bare-proxy'), 1)} µs; without DPoP the broker adds ${round(cpu('broker-off') - cpu('bare-proxy'), 1)} µs to the bare forward\n`
    )
  if (values.profile)
    for (const target of TARGETS) {
      let cpuUs = 0
      const profile = await profileWhile(inspectorPort, async () => {
        cpuUs = (await batch(target, CALLS)).cpu
      })
      process.stdout.write(`\n${summarise(profile, cpuUs, Number(values.top), target)}`)
    }
} finally {
  await stopService(worker)
}

// Where workerd spends its CPU on the broker's proxy: the bare forward (`GET /proxy`), the broker
// (`GET /v1/api/videos`) and the broker in ownership mode, each under its own `wrangler dev`, loaded
// on the user Worker's own (inner) workerd port. First interleaved rounds of server CPU per answer
// (no profiler attached), then, per target, one run with V8's sampling profiler attached over the
// Worker's inspector (Chrome DevTools Protocol), summed by function and script: self and total time
// per answer. Everything listens on 127.0.0.1; only the processes started here are stopped.
//
//   node src/profile-inner.ts [--seconds 5] [--connections 8] [--rounds 3] [--top 25]
//     [--only broker] [--no-profile] [--minify] [--paired]
//   --paired: each round is one paired run at one connection (one request to each target in
//   turn, as measurement 3 samples), so other work on the cores falls on every target alike; each
//   target has a workerd of its own (the bare forward's two routes two `wrangler dev`s).
//   node src/profile-inner.ts --compare <a copy of another build's packages/broker/dist placed
//     inside packages/broker, e.g. packages/broker/.profile/before/dist>  (its brokers too)
//     [--compare-flags <comma-separated compatibility flags for the compared brokers; '' for none>]
//     [--compare-config <JSON merged into the compared brokers' config, e.g. '{"observability":null}'>]
//
// Workers are started unminified unless `--minify` is given, so the profile names functions.

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { stopService } from '@keyward/dev-stack'
import { startBenchStack } from './bench-stack.ts'
import { cpuPerAnswer } from './cpu-per-answer.ts'
import { startBareWorker, upstreamToken } from './hot-path-stack.ts'
import type { HotPathVariant } from './hot-path-variants.ts'
import { innerWorkerdPort } from './inner-port.ts'
import {
  INNER_PROFILE_OPTIONS,
  interleavedRounds,
  profileEach,
  roundFigures,
} from './inner-profile.ts'
import { autocannonRun, type RunResult, type Target } from './load.ts'
import { alternatingRun } from './one-connection.ts'
import { cpuTicksOf, listenerOf, TICKS_PER_SECOND } from './processes.ts'
import { median, round } from './stats.ts'
import { startVariantWorker } from './variant-brokers.ts'
import { ownershipVariant } from './variant-ownership.ts'
import { readWranglerConfig, writeWranglerConfig } from './wrangler-config.ts'

const { values } = parseArgs({
  options: {
    ...INNER_PROFILE_OPTIONS,
    'compare-flags': { type: 'string' },
    'compare-config': { type: 'string' },
    paired: { type: 'boolean', default: false },
    minify: { type: 'boolean', default: false },
  },
})
const SECONDS = Number(values.seconds)
const CONNECTIONS = Number(values.connections)
const ROUNDS = Number(values.rounds)
const TOP = Number(values.top)
const root = resolve(import.meta.dirname, '../..')
const logDir = join(root, '.stack/bench/profile-inner')
mkdirSync(join(logDir, 'deadline'), { recursive: true })

/** One loaded place: a target on an inner port, and the inspector of its `wrangler dev`. */
interface Place {
  target: Target
  inspectorPort: number
}

const plainVariant: HotPathVariant = { name: 'profile plain', description: 'broker', vars: {} }
const minify = [`--minify=${values.minify}`]

const stack = await startBenchStack(root)
const stops: Array<() => Promise<void>> = [() => stack.stop()]
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined)
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)))

async function brokerPlaces(label: string, config?: string): Promise<Place[]> {
  const places: Place[] = []
  for (const base of [plainVariant, ownershipVariant]) {
    const variant = { ...base, name: `${label} ${base.name}` }
    const worker = await startVariantWorker(
      {
        root,
        logDir,
        stack,
        started: (service) => stops.push(() => stopService(service)),
      },
      variant,
      config,
      minify
    )
    const token = await (base.token ?? anonymousToken)(worker.url)
    const name = base === plainVariant ? `${label} /v1/api/videos` : `${label} ownership`
    places.push({
      inspectorPort: worker.inspectorPort,
      target: {
        name,
        url: `${worker.inner}/v1/api/videos`,
        headers: { authorization: `Bearer ${token}` },
      },
    })
  }
  return places
}

/**
 * `apps/worker`'s wrangler config with `@keyward/broker/cloudflare` aliased to another build's
 * `dist`.
 */
function compareConfig(dist: string): string {
  const workerDir = join(root, 'apps/worker')
  const config = readWranglerConfig(join(workerDir, 'wrangler.jsonc'))
  config.main = join(workerDir, String(config.main))
  config.alias = { '@keyward/broker/cloudflare': join(dist, 'cloudflare/index.js') }
  // A compatibility flag's own cost: the same Worker with other flags than apps/worker's.
  const flags = values['compare-flags']
  if (flags !== undefined) config.compatibility_flags = flags.split(',').filter(Boolean)
  // A setting's own cost: `null` drops a setting.
  const merged = JSON.parse(values['compare-config'] ?? '{}') as Record<string, unknown>
  for (const [name, value] of Object.entries(merged)) {
    if (value === null) delete config[name]
    else config[name] = value
  }
  return writeWranglerConfig(join(logDir, 'compare-wrangler.json'), config)
}

async function anonymousToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/token`, {
    method: 'POST',
    headers: { origin: 'http://bench.keyward.test' },
  })
  if (!res.ok) throw new Error(`${url}/v1/token answered ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** Server CPU µs per answer of one run, from the inner workerd's /proc times. */
const cpuRun = (target: Target) => cpuPerAnswer(target, autocannonRun, CONNECTIONS, SECONDS)

/**
 * One paired run of every target (after a warm-up one): CPU µs per answer of each target's own
 * workerd over the whole run, divided by that target's answers.
 */
async function pairedRound(targets: Target[]): Promise<Array<{ cpuUs: number; rps: number }>> {
  const pids = targets.map((t) => listenerOf(Number(new URL(t.url).port)))
  if (new Set(pids).size !== pids.length || pids.includes(undefined))
    throw new Error('--paired needs a workerd of its own for each target')
  await alternatingRun(targets, targets.length) // warm-up
  const before = pids.map((pid) => cpuTicksOf(pid as number) ?? 0)
  const runs: RunResult[] = await alternatingRun(targets, SECONDS * targets.length)
  return runs.map((run, i) => {
    if (run.non2xx + run.errors > 0)
      throw new Error(`${targets[i]?.name}: ${run.non2xx} non-2xx, ${run.errors} errors`)
    const ticks = (cpuTicksOf(pids[i] as number) ?? 0) - (before[i] ?? 0)
    return { cpuUs: (ticks / TICKS_PER_SECOND / run.requests) * 1e6, rps: run.rps }
  })
}

try {
  const upstream = { UPSTREAM_URL: stack.urls.emulator, UPSTREAM_TOKEN: await upstreamToken(stack) }
  const bare = await startBareWorker(root, logDir, upstream, undefined, minify)
  stops.push(() => stopService(bare.service))
  /** `/proxy-deadline`, on a `wrangler dev` of its own when the rounds are paired. */
  const bareDeadlinePlace = async (shared: typeof bare): Promise<Place> => {
    let own = shared
    if (values.paired) {
      own = await startBareWorker(root, join(logDir, 'deadline'), upstream, undefined, minify)
      stops.push(() => stopService(own.service))
    }
    return {
      inspectorPort: own.inspectorPort,
      target: {
        name: 'bare /proxy-deadline',
        url: `http://127.0.0.1:${await innerWorkerdPort(own.port, '/static')}/proxy-deadline`,
      },
    }
  }
  const places: Place[] = [
    {
      inspectorPort: bare.inspectorPort,
      target: {
        name: 'bare /proxy',
        url: `http://127.0.0.1:${await innerWorkerdPort(bare.port, '/static')}/proxy`,
      },
    },
    await bareDeadlinePlace(bare),
    ...(await brokerPlaces('broker')),
  ]
  if (values.compare !== undefined) {
    const dist = resolve(values.compare)
    places.push(...(await brokerPlaces('compared', compareConfig(dist))))
  }
  const chosen = places.filter(
    (p) => values.only === undefined || p.target.name.includes(values.only)
  )

  const targets = chosen.map((p) => p.target)
  const figures = roundFigures(targets)
  const { perRound, rps } = figures
  for (let r = 0; r < ROUNDS && values.paired; r++) {
    const each = await pairedRound(targets)
    targets.forEach((target, i) => {
      figures.record(r, target.name, each[i] as { cpuUs: number; rps: number })
    })
  }
  if (!values.paired) await interleavedRounds(targets, ROUNDS, cpuRun, figures)
  process.stdout.write(
    values.paired
      ? `\nServer CPU per answer (inner workerd, /proc), median of ${ROUNDS} paired runs at one connection, ${SECONDS} s per target:\n`
      : `\nServer CPU per answer (inner workerd, /proc), median of ${ROUNDS} interleaved rounds, ${CONNECTIONS} connections, ${SECONDS} s:\n`
  )
  const bareCpu = median(perRound.get('bare /proxy') ?? [])
  for (const [name, figures] of perRound) {
    const cpu = median(figures)
    const added = Number.isNaN(bareCpu) ? '' : `  (+${round(cpu - bareCpu, 0)} over bare)`
    // Other work on the cores only adds CPU per answer: the least disturbed rounds are the lowest.
    process.stdout.write(
      `  ${name.padEnd(28)} ${round(cpu, 0)} µs [${figures.map((f) => round(f, 0)).join(', ')}]${added}, min ${round(Math.min(...figures), 0)}  ${round(median(rps.get(name) ?? []), 0)} rps\n`
    )
  }

  // Both sides of a difference come from the same round (in a paired run, the same moments).
  const differences = (a: string, b: string) => {
    const left = perRound.get(a)
    const right = perRound.get(b)
    if (left === undefined || right === undefined) return
    const each = left.map((v, i) => v - (right[i] ?? Number.NaN))
    process.stdout.write(
      `  ${a} - ${b}: median ${round(median(each), 0)} µs [${each.map((d) => round(d, 0)).join(', ')}]\n`
    )
  }
  process.stdout.write('Per-round differences:\n')
  for (const name of perRound.keys()) if (name !== 'bare /proxy') differences(name, 'bare /proxy')
  differences('broker /v1/api/videos', 'compared /v1/api/videos')
  differences('broker ownership', 'compared ownership')
  differences('broker ownership', 'broker /v1/api/videos')

  if (!values['no-profile']) {
    const inspectors = new Map(chosen.map((p) => [p.target, p.inspectorPort]))
    await profileEach(targets, (target) => inspectors.get(target) ?? 0, cpuRun, TOP)
  }
} finally {
  await stopAll()
}

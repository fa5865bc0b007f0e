// Where workerd spends its CPU on a DPoP-bound call with the per-isolate replay cache: the bare
// DPoP forward (`GET /proxy-dpop`, its jti in an isolate Map) against the broker's bound-token call
// with no DPOP_REPLAY binding (`bench/broker-memory-replay`, DPOP=optional), each under its own
// `wrangler dev`; beside them the same two Workers without DPoP (bare `GET /proxy`, the broker
// with an unbound Bearer token), so DPoP's own share and the proxy's show apart. Loaded on the user Worker's own (inner) workerd port with a fresh proof per
// request (`dpop-load.ts`). First interleaved rounds of server CPU per answer (no profiler
// attached), then, per target, one run with V8's sampling profiler attached over the Worker's
// inspector. Everything listens on 127.0.0.1; only the processes started here are stopped.
//
//   node src/profile-dpop-inner.ts [--seconds 5] [--connections 8] [--rounds 3] [--top 25]
//     [--only broker] [--no-profile]
//   node src/profile-dpop-inner.ts --compare <a copy of another build's packages/broker/dist
//     placed inside packages/broker, e.g. packages/broker/dist-before>  (its broker too)
//
// Workers run unminified, so the profile names functions.

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { stopService } from '@keyward/dev-stack'
import { startBenchStack } from './bench-stack.ts'
import { cpuPerAnswer } from './cpu-per-answer.ts'
import { dpopRunner } from './dpop-load.ts'
import { innerDpopTarget, type Setup, tokenFrom } from './dpop-targets.ts'
import { startBareWorker, upstreamToken } from './hot-path-stack.ts'
import { innerWorkerdPort } from './inner-port.ts'
import {
  INNER_PROFILE_OPTIONS,
  interleavedRounds,
  profileEach,
  roundFigures,
} from './inner-profile.ts'
import type { Target } from './load.ts'
import { median, round } from './stats.ts'
import { startVariantWorker } from './variant-brokers.ts'
import { readWranglerConfig, writeWranglerConfig } from './wrangler-config.ts'

const { values } = parseArgs({ options: INNER_PROFILE_OPTIONS })
const SECONDS = Number(values.seconds)
const CONNECTIONS = Number(values.connections)
const ROUNDS = Number(values.rounds)
const TOP = Number(values.top)
const root = resolve(import.meta.dirname, '../..')
const logDir = join(root, '.stack/bench/profile-dpop-inner')
mkdirSync(logDir, { recursive: true })
const MEMORY_CONFIG = join(root, 'bench/broker-memory-replay/wrangler.jsonc')

const stack = await startBenchStack(root, { DPOP: 'optional', TOKEN_TTL_SECONDS: '3600' })
const setup: Setup = { root, logDir, stack, targets: [], sources: new Map(), notes: [], stops: [] }
const stopAll = async () => {
  for (const stop of setup.stops.reverse()) await stop().catch(() => undefined)
  await stack.stop().catch(() => undefined)
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)))
const inspectors = new Map<string, number>()

/**
 * `bench/broker-memory-replay`'s config with `@keyward/broker/cloudflare` aliased to another
 * build's `dist`.
 */
function compareConfig(dist: string): string {
  const config = readWranglerConfig(MEMORY_CONFIG)
  config.name = 'keyward-bench-memory-replay-compared'
  config.main = join(root, 'apps/worker/src/index.ts')
  config.alias = { '@keyward/broker/cloudflare': join(dist, 'cloudflare/index.js') }
  return writeWranglerConfig(join(logDir, 'compare-wrangler.json'), config)
}

async function brokerTarget(name: string, config: string) {
  const worker = await startVariantWorker(
    { root, logDir, stack, started: (service) => setup.stops.push(() => stopService(service)) },
    { name: `dpop-inner ${name}`, description: '', vars: { DPOP: 'optional' } },
    config
  )
  inspectors.set(name, worker.inspectorPort)
  if (name === 'broker') {
    inspectors.set('broker, DPoP off', worker.inspectorPort)
    setup.targets.push({
      name: 'broker, DPoP off',
      url: `${worker.inner}/v1/api/videos?pageSize=10`,
      headers: { authorization: `Bearer ${await tokenFrom(worker.url)}` },
    })
  }
  await innerDpopTarget(setup, name, {
    devProxy: worker.url,
    inner: worker.inner,
    path: '/v1/api/videos',
    tokenPath: '/v1/token',
  })
}

/** Server CPU µs per answer of one run, from the inner workerd's /proc times. */
const cpuRun = (target: Target) =>
  cpuPerAnswer(target, dpopRunner(setup.sources, 460), CONNECTIONS, SECONDS)

try {
  const upstream = { UPSTREAM_URL: stack.urls.emulator, UPSTREAM_TOKEN: await upstreamToken(stack) }
  const bare = await startBareWorker(root, logDir, upstream, 'baseline/wrangler-dpop.jsonc')
  setup.stops.push(() => stopService(bare.service))
  inspectors.set('bare /proxy-dpop', bare.inspectorPort)
  inspectors.set('bare /proxy', bare.inspectorPort)
  const bareInner = `http://127.0.0.1:${await innerWorkerdPort(bare.port, '/static')}`
  setup.targets.push({ name: 'bare /proxy', url: `${bareInner}/proxy?pageSize=10` })
  await innerDpopTarget(setup, 'bare /proxy-dpop', {
    devProxy: bare.url,
    inner: bareInner,
    path: '/proxy-dpop',
    tokenPath: '/dpop-token',
  })
  await brokerTarget('broker', MEMORY_CONFIG)
  if (values.compare !== undefined)
    await brokerTarget('compared', compareConfig(resolve(values.compare)))
  const chosen = setup.targets.filter(
    (t) => values.only === undefined || t.name.includes(values.only)
  )

  const figures = roundFigures(chosen)
  const { perRound, rps } = figures
  await interleavedRounds(chosen, ROUNDS, cpuRun, figures)
  process.stdout.write(
    `\nServer CPU per answer (inner workerd, /proc), median of ${ROUNDS} interleaved rounds, ${CONNECTIONS} connections, ${SECONDS} s:\n`
  )
  const bareCpu = median(perRound.get('bare /proxy-dpop') ?? [])
  for (const [name, figures] of perRound) {
    const cpu = median(figures)
    const added = Number.isNaN(bareCpu) ? '' : `  (${round(cpu - bareCpu, 0)} over bare)`
    process.stdout.write(
      `  ${name.padEnd(20)} ${round(cpu, 0)} µs [${figures.map((f) => round(f, 0)).join(', ')}]${added}  ${round(median(rps.get(name) ?? []), 0)} rps\n`
    )
  }

  const cpuOf = (name: string) => median(perRound.get(name) ?? [])
  const added = (a: string, b: string) => round(cpuOf(a) - cpuOf(b), 0)
  if (values.only === undefined)
    process.stdout.write(
      `  DPoP adds: broker ${added('broker', 'broker, DPoP off')} µs, bare ${added('bare /proxy-dpop', 'bare /proxy')} µs; without DPoP the broker adds ${added('broker, DPoP off', 'bare /proxy')} µs to the bare forward\n`
    )

  if (!values['no-profile'])
    await profileEach(chosen, (target) => inspectors.get(target.name) ?? 0, cpuRun, TOP)
} finally {
  await stopAll()
}

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type HotPathStack, startHotPathStack } from './hot-path-stack.ts'
import { measureBundle } from './measure-bundle.ts'
import { measureClient } from './measure-client.ts'
import { measureCrypto } from './measure-crypto.ts'
import { measureDpop } from './measure-dpop.ts'
import { measureHerd } from './measure-herd.ts'
import { measureHotPaths } from './measure-hot-paths.ts'
import { measureLatency } from './measure-latency.ts'
import { measureVault } from './measure-vault.ts'
import { failed, machine, type Section, writeReport } from './report.ts'
import type { RoundOptions } from './rounds.ts'

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    'extra-rounds': { type: 'string', default: '1' },
    warmup: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '3' },
    'latency-seconds': { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    'quiet-cores': { type: 'string', default: '0.25' },
    out: { type: 'string', default: 'results/latest' },
  },
})

const root = join(import.meta.dirname, '../..')
const logDir = join(root, '.stack/bench/logs')
mkdirSync(logDir, { recursive: true })
const only = new Set((values.only ?? '1,2,3,4,5,6,7,8').split(','))
const load: RoundOptions = {
  rounds: Number(values.rounds),
  extraRounds: Number(values['extra-rounds']),
  connections: Number(values.connections),
  warmupSeconds: Number(values.warmup),
  seconds: Number(values.seconds),
  quietCores: Number(values['quiet-cores']),
  maxWaitSeconds: 5,
}

const startedAt = new Date().toISOString()
const sections: Section[] = []
// A measurement that fails is reported as failed; the others still run and are written.
const step = async (id: string, measure: () => Promise<Section> | Section) => {
  if (!only.has(id)) return
  process.stderr.write(`[bench] measurement ${id}…\n`)
  const started = performance.now()
  try {
    sections.push(await measure())
  } catch (error) {
    process.stderr.write(`[bench] measurement ${id} failed: ${String(error)}\n`)
    sections.push(failed(id, error))
    process.exitCode = 1
  }
  const seconds = Math.round((performance.now() - started) / 1000)
  process.stderr.write(`[bench] measurement ${id} took ${seconds} s\n`)
}

// Measurements 1 and 3 share one set of servers, started on first use.
let hotPathStack: Promise<HotPathStack> | undefined
const hotPaths = () => {
  hotPathStack ??= startHotPathStack(root, logDir)
  return hotPathStack
}
try {
  await step('1', async () => measureHotPaths(await hotPaths(), load))
  const latency = { ...load, connections: 1, seconds: Number(values['latency-seconds']) }
  await step('3', async () => measureLatency(await hotPaths(), latency))
} finally {
  await hotPathStack?.then(
    (stack) => stack.stop(),
    () => undefined
  )
}
await step('2', () => measureHerd(root, logDir))
await step('4', () => measureVault(root))
await step('5', () => measureClient(root))
await step('6', () => measureBundle(root))
await step('7', () => measureCrypto(root, logDir))
await step('8', () => measureDpop(root, logDir, load))

sections.sort((a, b) => Number(a.id) - Number(b.id))
const report = { startedAt, finishedAt: new Date().toISOString(), machine: machine(), sections }
writeReport(report, join(root, 'bench', values.out))
for (const s of sections) {
  process.stdout.write(
    `${s.id}. ${s.title}: ${s.headline} [${s.met === null ? 'n/a' : s.met ? 'met' : 'NOT met'}]\n`
  )
}

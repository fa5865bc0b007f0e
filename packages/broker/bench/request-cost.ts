/**
 * CPU time per request of the broker's hot paths beside a bare Hono app doing the same job, in one
 * run: `node bench/request-cost.ts` (part of `pnpm --filter @keyward/broker bench`). CPU time
 * (`process.cpuUsage`) rather than throughput, so other work on the machine hardly moves it.
 *
 * - app: both apps driven in this process with `app.fetch` (Requests built before the clock
 *   starts, a Workers-like `waitUntil`), the cost of the Worker code itself;
 * - Node: `serve` from the Node entry and the bare app on `@hono/node-server`, in a child process
 *   whose own CPU time is read around each case while this process sends the requests over
 *   loopback keep-alive connections.
 *
 * api.video is in memory (`request-cost-apps.ts`). Cases run interleaved, in rounds (the first
 * one warms up and is dropped); each ratio is the median of per-round ratios, and reads like the
 * hot-path benchmark's throughput ratios: bare cost ÷ broker cost.
 */
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { ExecutionContext, Hono } from 'hono'
import {
  type BrokerSource,
  bareApp,
  brokerApp,
  brokerEnv,
  CURRENT,
  ORIGIN,
  sourceAt,
  tokenFrom,
  upstreamServer,
  userProvider,
} from './request-cost-apps.ts'

/** The brokers to measure: this `src`, and the copy at `BEFORE` when given. */
const SOURCES: [suffix: string, source: BrokerSource][] = [
  ['', CURRENT],
  ...(process.env.BEFORE
    ? [[' [before]', await sourceAt(process.env.BEFORE)] as [string, BrokerSource]]
    : []),
]

const QUERY = '?pageSize=10'
const BASE = 'http://127.0.0.1:8787'

interface Case {
  name: string
  /** Sends one request and reads the whole answer. */
  send: () => Promise<void>
  /** Builds what `send` needs before the clock starts. */
  prepare?: (count: number) => void
}

/** The hot-path benchmark's goals, as ratios of two cases' costs. */
const RATIOS: [label: string, bare: string, broker: string][] = [
  ['/healthz ÷ bare /static', 'bare GET /static', 'GET /healthz'],
  ['/v1/token ÷ /healthz', 'GET /healthz', 'POST /v1/token'],
  ['proxy ÷ bare forward', 'bare GET /proxy', 'GET /v1/api/videos'],
  ['ownership list ÷ bare forward', 'bare GET /proxy', 'GET /v1/api/videos (ownership)'],
  // What signing costs the bare app itself, to read the token ratio by.
  ['(bare /token ÷ bare /static)', 'bare GET /static', 'bare POST /token'],
]
/**
 * Issue goals for throughput on workerd ("inner") and Node. Throughput also pays the runtime's
 * fixed cost per request, which the app section does not see: read its ratios as lower bounds
 * and steer by the added µs.
 */
const INNER_GOALS: Record<string, number> = {
  '/v1/token ÷ /healthz': 0.9,
  'proxy ÷ bare forward': 0.97,
  'ownership list ÷ bare forward': 0.97,
}
const NODE_GOALS: Record<string, number> = {
  '/healthz ÷ bare /static': 0.8,
  'proxy ÷ bare forward': 0.85,
  'ownership list ÷ bare forward': 0.85,
}

type Fetcher = { fetch: Hono['fetch'] }

const ctx: ExecutionContext = {
  waitUntil: () => undefined,
  passThroughOnException: () => undefined,
  props: {},
}

/** A case that sends prebuilt Requests to an app in this process. */
function appCase(app: Fetcher, name: string, build: () => Request): Case {
  let requests: Request[] = []
  return {
    name,
    prepare: (count) => {
      requests = Array.from({ length: count }, build)
    },
    async send() {
      const res = await app.fetch(requests.pop() as Request, {}, ctx)
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    },
  }
}

async function appCases(): Promise<Case[]> {
  const env = await brokerEnv()
  const users = await userProvider()
  const bare = bareApp()
  const get =
    (path: string, headers: Record<string, string> = {}) =>
    () =>
      new Request(`${BASE}${path}`, { headers })
  const post = (path: string) => () =>
    new Request(`${BASE}${path}`, { method: 'POST', headers: { origin: ORIGIN } })
  const cases = [
    appCase(bare, 'bare GET /static', get('/static')),
    appCase(bare, 'bare POST /token', post('/token')),
    appCase(bare, 'bare GET /proxy', get(`/proxy${QUERY}`)),
  ]
  for (const [suffix, source] of SOURCES) {
    const broker = brokerApp(env, source)
    const owned = brokerApp({ ...env, ...users.vars }, source)
    const call = (app: Fetcher) => (request: Request) => app.fetch(request, {}, ctx)
    const token = await tokenFrom(call(broker), BASE)
    const userJwt = `Bearer ${await users.userJwt('alice')}`
    const aliceToken = await tokenFrom(call(owned), BASE, userJwt)
    const list = (t: string) => get(`/v1/api/videos${QUERY}`, { authorization: `Bearer ${t}` })
    cases.push(
      appCase(broker, `GET /healthz${suffix}`, get('/healthz')),
      appCase(broker, `POST /v1/token${suffix}`, post('/v1/token')),
      appCase(broker, `GET /v1/api/videos${suffix}`, list(token)),
      appCase(owned, `GET /v1/api/videos (ownership)${suffix}`, list(aliceToken))
    )
  }
  return cases
}

/** CPU µs per request of each case, per round (round 0 dropped). */
async function measure(
  all: Case[],
  { rounds, count, cpu }: { rounds: number; count: number; cpu: () => Promise<number> }
): Promise<Map<string, number[]>> {
  // `CASES=<regex>` keeps only the matching cases, e.g. to profile one with `node --cpu-prof`.
  const pick = process.env.CASES === undefined ? undefined : new RegExp(process.env.CASES)
  const cases = pick ? all.filter((c) => pick.test(c.name)) : all
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]))
  for (let round = 0; round <= rounds; round++) {
    // Rotated, so no case always follows the same one.
    const order = cases.map((_, i) => cases[(i + round) % cases.length] as Case)
    for (const c of order) {
      c.prepare?.(count)
      // The garbage of the case before is not this case's cost (`node --expose-gc`).
      globalThis.gc?.()
      const before = await cpu()
      for (let i = 0; i < count; i++) await c.send()
      const used = (await cpu()) - before
      if (round > 0) samples.get(c.name)?.push(used / count)
    }
  }
  return samples
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number

function report(title: string, samples: Map<string, number[]>, goals: Record<string, number>) {
  console.log(`\n## ${title}\n`)
  console.log('| Case | CPU µs/request, median [least–most] |\n| --- | --- |')
  for (const [name, values] of samples) {
    const range = `[${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`
    console.log(`| ${name} | ${median(values).toFixed(1)} ${range} |`)
  }
  // Other work on a shared machine only ever adds CPU time: the least of the rounds is the
  // steadier figure when it is busy.
  console.log(
    '\n| Ratio (bare cost ÷ broker cost) | median of rounds | of least | added µs (least) | goal |'
  )
  console.log('| --- | --- | --- | --- | --- |')
  const lines = SOURCES.flatMap(([suffix]) =>
    RATIOS.map(([label, bareName, brokerName]) => {
      const named = (name: string) => (name.startsWith('bare ') ? name : `${name}${suffix}`)
      return [label, `${label}${suffix}`, named(bareName), named(brokerName)] as const
    })
  )
  for (const [label, shown, bareName, brokerName] of lines) {
    const bare = samples.get(bareName)
    const broker = samples.get(brokerName)
    if (!bare || !broker) continue
    const ratios = bare.map((b, i) => b / (broker[i] as number))
    const least = Math.min(...bare) / Math.min(...broker)
    const added = Math.min(...broker) - Math.min(...bare)
    const target = goals[label]
    const goal = target === undefined ? '' : `>= ${target}`
    console.log(
      `| ${shown} | ${median(ratios).toFixed(2)} | ${least.toFixed(2)} | +${added.toFixed(1)} | ${goal} |`
    )
  }
}

const usedMicros = () => {
  const { user, system } = process.cpuUsage()
  return user + system
}

// ---- The Node section: servers in a child process, measured by its own CPU time. ----

async function nodeServers(upstream: string) {
  const env = await brokerEnv(upstream)
  const users = await userProvider()
  const quiet = { logger: { info() {}, warn() {}, error() {} } }
  const bare = bareApp(upstream, fetch)
  const server = createServer(getRequestListener((request) => bare.fetch(request)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const brokers = []
  for (const [suffix, { serve }] of SOURCES) {
    const broker = await serve({ port: 0, env, broker: quiet })
    const owned = await serve({ port: 0, env: { ...env, ...users.vars }, broker: quiet })
    const token = await tokenFrom(fetch, broker.url)
    const aliceToken = await tokenFrom(fetch, owned.url, `Bearer ${await users.userJwt('alice')}`)
    brokers.push({ suffix, brokerUrl: broker.url, ownedUrl: owned.url, token, aliceToken })
  }
  return { bareUrl, brokers }
}

type Servers = Awaited<ReturnType<typeof nodeServers>>

async function runChild() {
  const servers = await nodeServers(process.argv.at(-1) as string)
  // Exits on `stop`, so a `--cpu-prof` profile of this process gets written.
  process.on('message', (message) =>
    message === 'stop' ? process.exit(0) : process.send?.(usedMicros())
  )
  process.send?.(servers)
}

/** Sends `count` requests, `connections` at a time over keep-alive connections. */
function loopbackCase(name: string, count: number, url: string, init: RequestInit = {}): Case {
  const connections = 4
  return {
    name,
    // One `send` runs all of the round's requests: `measure` counts batches.
    async send() {
      let left = count
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (left-- > 0) {
            const res = await fetch(url, init)
            if (res.status !== 200) throw new Error(`${name}: ${res.status}`)
            await res.arrayBuffer()
          }
        })
      )
    },
  }
}

async function nodeSection(rounds: number, count: number) {
  // api.video answers from this process, so its work is not the servers'.
  const upstream = await upstreamServer()
  const child = fork(new URL(import.meta.url), ['--child', upstream.url], { stdio: 'inherit' })
  const servers = await new Promise<Servers>((resolve) => child.once('message', resolve as never))
  const cpu = () =>
    new Promise<number>((resolve) => {
      child.once('message', (value) => resolve(value as number))
      child.send('cpu')
    })
  const at = (name: string, url: string, init?: RequestInit) => loopbackCase(name, count, url, init)
  const cases = [
    at('bare GET /static', `${servers.bareUrl}/static`),
    at('bare POST /token', `${servers.bareUrl}/token`, { method: 'POST' }),
    at('bare GET /proxy', `${servers.bareUrl}/proxy${QUERY}`),
    ...servers.brokers.flatMap(({ suffix, brokerUrl, ownedUrl, token, aliceToken }) => [
      at(`GET /healthz${suffix}`, `${brokerUrl}/healthz`),
      at(`POST /v1/token${suffix}`, `${brokerUrl}/v1/token`, {
        method: 'POST',
        headers: { origin: ORIGIN },
      }),
      at(`GET /v1/api/videos${suffix}`, `${brokerUrl}/v1/api/videos${QUERY}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      at(`GET /v1/api/videos (ownership)${suffix}`, `${ownedUrl}/v1/api/videos${QUERY}`, {
        headers: { authorization: `Bearer ${aliceToken}` },
      }),
    ]),
  ]
  // Each `send` is a whole batch of `count` requests.
  const batches = await measure(cases, { rounds, count: 1, cpu })
  const perRequest = new Map(
    [...batches].map(([name, values]) => [name, values.map((v) => v / count)])
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.send('stop')
  await exited
  upstream.close()
  return perRequest
}

if (process.argv.includes('--child')) {
  await runChild()
} else {
  const rounds = Number(process.env.ROUNDS ?? 7)
  const count = Number(process.env.COUNT ?? 2000)
  const only = process.env.ONLY
  console.log(`# Request cost: ${rounds} rounds of ${count} requests per case, CPU time`)
  if (only !== 'node') {
    const samples = await measure(await appCases(), {
      rounds,
      count,
      cpu: async () => usedMicros(),
    })
    report("app.fetch in one process (the Worker code's own cost)", samples, INNER_GOALS)
  }
  if (only !== 'app') {
    report(
      "Node entry over loopback (the server process's CPU time)",
      await nodeSection(rounds, count),
      NODE_GOALS
    )
  }
}

// DPoP's CPU cost per proxied call, in one Node process with no network: the broker app driven
// with `app.request()` (DPoP required, a fresh ES256 proof per call, against DPoP off) and the
// bare baseline's `/proxy-dpop` against its `/proxy`, all forwarding to an in-memory upstream.
// Rounds are interleaved; each figure is the median of per-round CPU µs per call (user + system,
// every thread, so WebCrypto's thread pool counts). For a profile, run it under `node --cpu-prof`.
//
//   node src/profile-dpop.ts [--calls 2000] [--rounds 5] [--only 'broker, DPoP required']
//   node src/profile-dpop.ts --compare <another build's dist/index.js>   (adds its broker too)

import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { createBroker } from '@keyward/broker'
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { dpopBaseline } from '../baseline/dpop-app.ts'
import { memoryUpstream } from '../baseline/memory-upstream.ts'
import { BASELINE_ENV, memoryBrokerApp, ORIGIN, type Send } from './memory-broker.ts'
import { median, round } from './stats.ts'

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
    compare: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
})
const CALLS = Number(values.calls)
const ROUNDS = Number(values.rounds)
const CONCURRENCY = Number(values.concurrency)
// The baseline forwards with the global fetch, as a Worker does.
globalThis.fetch = memoryUpstream

const { privateKey, publicKey } = await generateKeyPair('ES256')
const jwk: JWK = await exportJWK(publicKey)

async function athOf(token: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

function proof(method: string, htu: string, ath?: string) {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: method,
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...(ath === undefined ? {} : { ath }),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(privateKey)
}

const baselineApp: Send = (path, init) => dpopBaseline.request(path, init, BASELINE_ENV)

async function tokenOf(send: Send, path: string, bound: boolean) {
  const headers: Record<string, string> = { origin: ORIGIN }
  if (bound) headers.dpop = await proof('POST', `http://localhost${path}`)
  const res = await send(path, { method: 'POST', headers })
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** One kind of call: how to send it, and the headers of each (a fresh proof where DPoP is on). */
interface Case {
  name: string
  send: Send
  path: string
  headers: (i: number) => Record<string, string>
  /** Made before each round, outside the measured time. */
  prepare: () => Promise<void>
}

async function dpopCase(name: string, send: Send, tokenPath: string, path: string) {
  const token = await tokenOf(send, tokenPath, true)
  const ath = await athOf(token)
  let proofs: string[] = []
  return {
    name,
    send,
    path,
    prepare: async () => {
      const htu = `http://localhost${path.split('?')[0]}`
      proofs = await Promise.all(Array.from({ length: CALLS }, () => proof('GET', htu, ath)))
    },
    headers: (i: number) => ({
      origin: ORIGIN,
      authorization: `DPoP ${token}`,
      dpop: proofs[i] as string,
    }),
  } satisfies Case
}

async function bearerCase(name: string, send: Send, tokenPath: string | undefined, path: string) {
  const token = tokenPath === undefined ? '' : await tokenOf(send, tokenPath, false)
  return {
    name,
    send,
    path,
    prepare: async () => undefined,
    headers: () => ({ origin: ORIGIN, authorization: `Bearer ${token}` }),
  } satisfies Case
}

/** CPU µs and wall µs per call over `CALLS` calls, `CONCURRENCY` of them in flight at a time. */
async function run(c: Case): Promise<{ cpu: number; wall: number }> {
  await c.prepare()
  let next = 0
  const worker = async () => {
    for (let i = next++; i < CALLS; i = next++) {
      const res = await c.send(c.path, { headers: c.headers(i) })
      if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    }
  }
  const before = process.cpuUsage()
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const wall = ((performance.now() - started) * 1000) / CALLS
  const used = process.cpuUsage(before)
  return { cpu: (used.user + used.system) / CALLS, wall }
}

const broker = { off: memoryBrokerApp('off'), required: memoryBrokerApp('required') }
const all: Case[] = [
  await bearerCase('broker, DPoP off', broker.off, '/v1/token', '/v1/api/videos?pageSize=10'),
  await dpopCase(
    'broker, DPoP required',
    broker.required,
    '/v1/token',
    '/v1/api/videos?pageSize=10'
  ),
  await bearerCase('bare /proxy', baselineApp, undefined, '/proxy?pageSize=10'),
  await dpopCase('bare /proxy-dpop', baselineApp, '/dpop-token', '/proxy-dpop?pageSize=10'),
]
if (values.compare !== undefined) {
  const other = (await import(pathToFileURL(values.compare).href)) as {
    createBroker: typeof createBroker
  }
  const send = memoryBrokerApp('required', other.createBroker)
  all.push(
    await dpopCase('compared, DPoP required', send, '/v1/token', '/v1/api/videos?pageSize=10')
  )
}
const cases = all.filter((c) => values.only === undefined || c.name.includes(values.only))
for (const c of cases) await run({ ...c }) // warm-up: JIT, key imports, upstream token
const perRound = new Map<string, Array<{ cpu: number; wall: number }>>(
  cases.map((c) => [c.name, []])
)
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + r) % cases.length] as Case
    perRound.get(c.name)?.push(await run(c))
  }
}
const medianOf = (name: string, pick: 'cpu' | 'wall') =>
  round(median((perRound.get(name) ?? []).map((m) => m[pick])), 1)
const figure = (name: string) => medianOf(name, 'cpu')
process.stdout.write(
  `Per call, median of ${ROUNDS} rounds of ${CALLS} calls, ${CONCURRENCY} in flight: CPU µs (wall µs)\n`
)
const lowest = (name: string) => round(Math.min(...(perRound.get(name) ?? []).map((m) => m.cpu)), 1)
for (const c of cases)
  process.stdout.write(
    `${c.name.padEnd(24)} ${figure(c.name)} (${medianOf(c.name, 'wall')}), lowest CPU ${lowest(c.name)}\n`
  )
if (values.only === undefined) {
  const added = (a: string, b: string) => round(figure(a) - figure(b), 1)
  process.stdout.write(
    `DPoP adds: broker ${added('broker, DPoP required', 'broker, DPoP off')} µs, bare ${added('bare /proxy-dpop', 'bare /proxy')} µs\n`
  )
}

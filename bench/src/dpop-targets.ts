import type { Stack } from '@keyward/dev-stack'
import { BENCH_ORIGIN } from './bench-stack.ts'
import { athOf, type BrowserKey, browserKey, type ProofSource, proof } from './dpop-load.ts'
import type { Target } from './load.ts'

// The targets of measurement 8 (`measure-dpop.ts`): bound tokens, and proofs naming the URL
// each Worker sees, checked with probes before anything is measured.

export const PATH = '/v1/api/videos'
export const QUERY = '?pageSize=10'

export const NAMES = {
  bare: (place: string) => `${place}: bare GET /proxy`,
  bareDpop: (place: string) => `${place}: bare GET /proxy-dpop (Map)`,
  bareDpopDo: (place: string) => `${place}: bare GET /proxy-dpop-do (Durable Object)`,
  off: (place: string) => `${place}: GET ${PATH}, DPoP off`,
  dpop: (place: string) => `${place}: GET ${PATH}, DPoP required`,
  dpopMemory: (place: string) => `${place}: GET ${PATH}, DPoP required, per-isolate replay cache`,
}

export interface Setup {
  root: string
  logDir: string
  stack: Stack
  targets: Target[]
  sources: Map<string, ProofSource>
  notes: string[]
  /** Stops what was started, in any order. */
  stops: Array<() => Promise<void>>
}

/** A token from `base` + `path` (`/v1/token`, or the bare `/dpop-token`), bound to `key` if given. */
export async function tokenFrom(
  base: string,
  key?: BrowserKey,
  path = '/v1/token'
): Promise<string> {
  const headers: Record<string, string> = { origin: BENCH_ORIGIN }
  if (key) headers.dpop = await proof(key, 'POST', `${base}${path}`, {})
  const res = await fetch(`${base}${path}`, { method: 'POST', headers })
  if (!res.ok) throw new Error(`${base}${path} answered ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { access_token: string; token_type: string }
  if (body.token_type !== (key ? 'DPoP' : 'Bearer')) throw new Error('unexpected token_type')
  return body.access_token
}

/** The statuses of `url` + `path` answering each of `proofs` in turn. */
async function statuses(url: string, path: string, token: string, proofs: string[]) {
  const seen: number[] = []
  for (const dpop of proofs) {
    const res = await fetch(`${url}${path}${QUERY}`, {
      headers: { authorization: `DPoP ${token}`, dpop },
    })
    await res.arrayBuffer()
    seen.push(res.status)
  }
  return seen
}

/** Whether a proof naming `htu` is accepted at `url` + `path`: which URL the Worker sees. */
async function acceptsHtu(url: string, path: string, htu: string, key: BrowserKey, token: string) {
  const dpop = await proof(key, 'GET', htu, { ath: await athOf(token) })
  const [status] = await statuses(url, path, token, [dpop])
  return status !== undefined && status < 300
}

/** Whether one proof sent twice is accepted once: the target does check replays. */
async function refusesReplay(
  url: string,
  path: string,
  htu: string,
  key: BrowserKey,
  token: string
) {
  const dpop = await proof(key, 'GET', htu, { ath: await athOf(token) })
  const [first = 0, second = 0] = await statuses(url, path, token, [dpop, dpop])
  return first < 300 && second >= 400
}

/** A target whose every request carries a fresh proof of `GET <htu>` for `token`. */
export async function dpopTarget(
  setup: Setup,
  name: string,
  url: string,
  { token, key, htu }: { token: string; key: BrowserKey; htu: string }
) {
  setup.sources.set(name, { key, htu, ath: await athOf(token), rps: 3000 })
  setup.targets.push({ name, url: `${url}${QUERY}`, headers: { authorization: `DPoP ${token}` } })
}

/**
 * The DPoP target on a Worker's inner workerd socket at `inner` + `path`, whose dev proxy is
 * `devProxy`: the proofs name whichever URL the Worker sees there (checked with a probe), and a
 * replayed proof must be refused there.
 */
export async function innerDpopTarget(
  setup: Setup,
  name: string,
  { devProxy, inner, path, tokenPath }: Record<'devProxy' | 'inner' | 'path' | 'tokenPath', string>
) {
  const key = await browserKey()
  const token = await tokenFrom(devProxy, key, tokenPath)
  // The URL a browser uses is the dev proxy's: the Worker must see that one, for htu to match.
  if (!(await acceptsHtu(devProxy, path, `${devProxy}${path}`, key, token)))
    throw new Error(`under wrangler dev, ${name} does not see the URL the browser used`)
  const htuBase = (await acceptsHtu(inner, path, `${inner}${path}`, key, token)) ? inner : devProxy
  if (!(await refusesReplay(inner, path, `${htuBase}${path}`, key, token)))
    throw new Error(`${name} accepts a replayed proof`)
  await dpopTarget(setup, name, `${inner}${path}`, { token, key, htu: `${htuBase}${path}` })
  return htuBase === inner ? 'that socket' : "the dev proxy's URL"
}

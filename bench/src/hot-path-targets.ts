import { BENCH_ORIGIN } from './bench-stack.ts'
import type { HotPathStack } from './hot-path-stack.ts'
import { headersFor, type Target } from './load.ts'
import type { VariantBroker } from './variant-brokers.ts'

export const PLACES = ['devProxy', 'inner', 'node'] as const
export type Place = (typeof PLACES)[number]
export const PLACE_LABELS: Record<Place, string> = {
  devProxy: 'dev proxy',
  inner: 'inner',
  node: 'Node',
}

// A browser's bodiless `fetch(url, { method: 'POST' })` sends `Content-Length: 0` (Fetch
// standard, HTTP-network-or-cache fetch); autocannon sends no length for a request without body.
const TOKEN_REQUEST = { origin: BENCH_ORIGIN, 'content-length': '0' }

export const ROUTES = [
  'bareStatic',
  'bareProxy',
  'bareProxyDeadline',
  'bareToken',
  'healthz',
  'token',
  'api',
] as const
export type Route = (typeof ROUTES)[number]
const ROUTE_LABELS: Record<Route, string> = {
  bareStatic: 'bare GET /static',
  bareProxy: 'bare GET /proxy',
  bareProxyDeadline: 'bare GET /proxy-deadline',
  bareToken: 'bare POST /token',
  healthz: 'GET /healthz',
  token: 'POST /v1/token',
  api: 'GET /v1/api/videos',
}

/** The same query on both sides, so the emulator sends the same body to both. */
const VIDEOS_QUERY = '?pageSize=10'

export function targetName(place: Place, route: Route): string {
  return `${PLACE_LABELS[place]}: ${ROUTE_LABELS[route]}`
}

/** One route of the bare baseline or of the broker, reached at `place`. */
export function target(stack: HotPathStack, place: Place, route: Route): Target {
  const bare = stack.bare[place]
  const broker = stack.broker[place]
  const token = place === 'node' ? stack.tokens.node : stack.tokens.worker
  const name = targetName(place, route)
  switch (route) {
    case 'bareStatic':
      return { name, url: `${bare}/static` }
    case 'bareProxy':
      return { name, url: `${bare}/proxy${VIDEOS_QUERY}` }
    case 'bareProxyDeadline':
      return { name, url: `${bare}/proxy-deadline${VIDEOS_QUERY}` }
    case 'bareToken':
      return { name, url: `${bare}/token`, method: 'POST', headers: TOKEN_REQUEST }
    case 'healthz':
      return { name, url: `${broker}/healthz` }
    case 'token':
      return { name, url: `${broker}/v1/token`, method: 'POST', headers: TOKEN_REQUEST }
    case 'api':
      return {
        name,
        url: `${broker}/v1/api/videos${VIDEOS_QUERY}`,
        headers: { authorization: `Bearer ${token}` },
      }
  }
}

/** The proxied call of a feature variant at `place`, e.g. `inner: GET /v1/api/videos (DPoP)`. */
export function variantName(place: Place, variant: VariantBroker): string {
  return `${targetName(place, 'api')} (${variant.variant.name})`
}

/** `GET /v1/api/videos` on a feature variant's broker, as a caller of that feature sends it. */
export function variantTarget(variant: VariantBroker, place: Place): Target {
  const url = `${variant.broker[place]}/v1/api/videos${VIDEOS_QUERY}`
  const token = place === 'node' ? variant.tokens.node : variant.tokens.worker
  const name = variantName(place, variant)
  const perRequest = variant.variant.headers?.({ url, token })
  return perRequest === undefined
    ? { name, url, headers: { authorization: `Bearer ${token}` } }
    : { name, url, perRequest }
}

/**
 * Sends each target once and fails unless it answers 2xx: a broken route is not measured.
 * Answers each target's body size, to show both sides of a ratio move the same bytes.
 */
export async function checkTargets(targets: Target[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>()
  for (const t of targets) {
    const res = await fetch(t.url, { method: t.method ?? 'GET', headers: headersFor(t) })
    const body = await res.arrayBuffer()
    if (!res.ok) throw new Error(`${t.name} answered ${res.status}`)
    sizes.set(t.name, body.byteLength)
  }
  return sizes
}

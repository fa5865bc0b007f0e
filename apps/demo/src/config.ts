import type { DemoConfig } from './demo-config.ts'

/**
 * What the visitor chose through the URL: `?scope=videos:read`, `?share=1`, `?settle=500`, `?q=…`,
 * `?page=2`.
 */
export interface Modes {
  /** Scopes to ask the broker for; `undefined` asks for the broker's default (all it allows). */
  scope: string | undefined
  /** Share tokens with this site's other tabs (BroadcastChannel). */
  share: boolean
  /** With `share`: how long, in ms, a tab listens for another tab's token (the client's `settle`). */
  settle: number | undefined
  /** The title search and the page, so a reload keeps the visitor where they were. */
  query: string
  page: number
}

/** Reads `/keyward.json`, which the Vite plugin in `keyward-config.ts` serves from the environment. */
export async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('/keyward.json', { cache: 'no-store' })
  if (!response.ok) throw new Error(`/keyward.json answered ${response.status}`)
  const config = (await response.json()) as Partial<DemoConfig>
  if (typeof config.brokerUrl !== 'string') throw new Error('/keyward.json has no brokerUrl')
  return {
    brokerUrl: config.brokerUrl.replace(/\/+$/, ''),
    emulatorUrl: config.emulatorUrl?.replace(/\/+$/, '') ?? null,
    apiUrl: (config.apiUrl ?? config.emulatorUrl ?? 'https://ws.api.video').replace(/\/+$/, ''),
    identityUrl: config.identityUrl?.replace(/\/+$/, '') ?? null,
  }
}

export function readModes(url: URL = new URL(location.href)): Modes {
  const params = url.searchParams
  const page = Number(params.get('page'))
  const settle = Number(params.get('settle') || Number.NaN)
  return {
    scope: params.get('scope')?.trim() || undefined,
    share: ['1', 'true', 'on'].includes(params.get('share') ?? ''),
    // Anything but a whole number of milliseconds leaves the client's default.
    settle: Number.isInteger(settle) && settle >= 0 && settle < 2 ** 31 ? settle : undefined,
    query: params.get('q') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

/** Keeps the search and page in the address bar without adding history entries. */
export function rememberView(query: string, page: number): void {
  const url = new URL(location.href)
  if (query) url.searchParams.set('q', query)
  else url.searchParams.delete('q')
  if (page > 1) url.searchParams.set('page', String(page))
  else url.searchParams.delete('page')
  history.replaceState(null, '', url)
}

/** The same page with cross-tab sharing switched on or off: the token source is made at start. */
export function urlWithShare(share: boolean): string {
  const url = new URL(location.href)
  if (share) url.searchParams.set('share', '1')
  else url.searchParams.delete('share')
  return url.toString()
}

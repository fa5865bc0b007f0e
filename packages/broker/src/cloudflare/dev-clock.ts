/**
 * Local development only: the Worker's clock follows the api.video emulator's, so moving the
 * emulator's clock (the demo's "Advance the clock" button, the e2e suite) expires the broker's
 * own tokens too, not only api.video's.
 */
export interface DevClock {
  /** The emulator's time, as of the last sync, in epoch ms. */
  now(): number
  /** Reads the emulator's clock; on failure the last offset stays. */
  sync(): Promise<void>
}

/** Hosts that can only be this machine or a test network (RFC 6761): never a public server. */
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$|\.(test|localhost)$/

/**
 * The clock URL `DEV_CLOCK` asks for. `auto` (the default) follows an emulator at a local
 * `APIVIDEO_BASE_URL` and nothing else, so production (api.video) never follows any clock; `off`
 * never follows; a URL must be local too.
 */
export function devClockUrl(
  mode: string | undefined,
  apiBaseUrl: string | undefined
): string | undefined {
  if (mode === 'off') return undefined
  const candidate =
    mode && mode !== 'auto'
      ? mode
      : apiBaseUrl && `${apiBaseUrl.replace(/\/+$/, '')}/_emulator/clock`
  if (!candidate || !URL.canParse(candidate)) return undefined
  return LOCAL_HOST.test(new URL(candidate).hostname) ? candidate : undefined
}

/** The clock of `DEV_CLOCK` and `APIVIDEO_BASE_URL`, or `undefined` where none is followed. */
export function devClockFromEnv(env: {
  DEV_CLOCK?: string | undefined
  APIVIDEO_BASE_URL?: string | undefined
}): DevClock | undefined {
  const url = devClockUrl(env.DEV_CLOCK, env.APIVIDEO_BASE_URL)
  return url === undefined ? undefined : createDevClock(url)
}

export function createDevClock(
  url: string,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init)
): DevClock {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    async sync() {
      try {
        const res = await fetchImpl(url, { signal: AbortSignal.timeout(1000) })
        const { epochMs } = (await res.json()) as { epochMs?: unknown }
        if (typeof epochMs === 'number') offset = epochMs - Date.now()
      } catch {
        // Not an emulator, or not up: keep the last known offset.
      }
    },
  }
}

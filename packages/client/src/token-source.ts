import { KeywardError, type KeywardErrorCode } from './errors.ts'
import type { SharedToken } from './tab-channel.ts'
import type {
  GetTokenOptions,
  Token,
  TokenSnapshot,
  TokenSource,
  TokenSourceOptions,
  TokenState,
} from './token-types.ts'

// What a 401 or a 403 of the token endpoint means; any other error status is a failed fetch.
const CODES: Record<number, KeywardErrorCode> = { 401: 'unauthenticated', 403: 'forbidden' }

// The broker's answer as received, before its shape is checked.
type Answer = { [K in keyof SharedToken]?: unknown }

/**
 * Fetches broker tokens, keeps them in memory, and refreshes them ahead of expiry.
 *
 * @example
 * const tokens = createTokenSource({
 *   url: 'https://broker.example.com/v1/token',
 *   headers: async () => ({ authorization: `Bearer ${await session.idToken()}` }),
 * })
 * tokens.addEventListener('change', () => {
 *   if (tokens.snapshot.error?.code === 'unauthenticated') showSignIn()
 * })
 */
export function createTokenSource({
  url,
  scope,
  headers,
  credentials,
  retries = 3,
  timeout = 10_000,
  share,
  fetch: send = (input, init) => fetch(input, init),
  now = () => performance.now(),
  random = Math.random,
}: TokenSourceOptions): TokenSource {
  // `retries`: an integer, 0 or more; `timeout`: up to the longest delay `setTimeout` accepts.
  if (!(retries >= 0 && retries % 1 === 0 && timeout > 0 && timeout < 2 ** 31)) {
    throw new KeywardError('invalid_options', {
      message: `retries (${retries}) or timeout (${timeout}) is out of range`,
    })
  }
  let current: Token | undefined
  let held = {} as SharedToken
  // When the current token was requested, on both clocks, and how long it lives (ms).
  let bornAt = 0
  let bornWall = 0
  let lifetime = 0
  let refreshAfter = 0
  // Tokens requested before this moment (wall clock, shared by all tabs) are not taken from other
  // tabs: they may be the rejected one, or predate a refresh() or a sign-out.
  let notBefore = 0
  let flight: Promise<Token> | undefined
  let generation = 0
  let failure: KeywardError | undefined
  // Aborted by dispose(): detaches the page listeners, and tells getToken() the source is closed.
  const disposal = new AbortController()

  // The monotonic clock ignores wall-clock changes, but may stop while the device sleeps; the
  // wall clock keeps counting then. Elapsed time is the larger of the two.
  const age = () => Math.max(now() - bornAt, Date.now() - bornWall)
  const due = () => !current || age() >= refreshAfter
  const drop = () => {
    notBefore = Date.now()
    current = undefined
  }
  // A new snapshot object on every change, so that a UI compares snapshots by identity.
  const set = (state: TokenState, error?: KeywardError) => {
    source.snapshot = { state, token: current, error }
    source.dispatchEvent(new Event('change'))
  }

  // Takes the broker's answer and its age: as fetched, or as another tab handed it over.
  function hold(answer: SharedToken) {
    held = answer
    bornAt = now() - answer.age
    bornWall = answer.wall
    lifetime = answer.expires_in * 1000
    // A random point in 70–85 % of the lifetime, so tabs and users do not refresh in lockstep.
    refreshAfter = lifetime * (0.7 + 0.15 * random())
    failure = undefined
    current = {
      accessToken: answer.access_token,
      scope: answer.scope ?? scope ?? '',
      expiresAt: bornAt + lifetime,
    }
    set('ready')
  }

  const tabs = share?.({
    name: `keyward ${url} ${scope}`,
    timeout,
    fresh: () => !due() && { ...held, age: age() },
    adopt(token) {
      // Only when due, only a token requested since the last drop, and never its own again
      // (that would only re-draw its refresh point).
      if (due() && token.wall >= notBefore && token.access_token !== current?.accessToken) {
        hold(token)
      }
    },
  })

  // A token's body and request time, after at most `retries` retries of a 429, 5xx or network
  // error, with jittered exponential backoff on top of Retry-After. Stops early, with nothing,
  // once superseded or once another tab has handed over a fresh token.
  async function fetchToken(id: number): Promise<Answer | undefined> {
    for (let attempt = 0; id === generation && due(); attempt++) {
      const at = now()
      const wall = Date.now()
      let error: KeywardError
      // Jittered exponential backoff; a wait past 30 s (a long Retry-After) gives up at once.
      let delay = 1000 * 2 ** attempt * random()
      try {
        const response = await send(url, {
          method: 'POST',
          headers: typeof headers === 'function' ? await headers() : headers,
          // A typed Blob gives the request its `content-type: application/json`.
          body: scope && new Blob([JSON.stringify({ scope })], { type: 'application/json' }),
          credentials,
          // Bounds the answer and the reading of its body.
          signal: AbortSignal.timeout(timeout),
        } as RequestInit)
        // The token, or a problem+json document (RFC 9457); a body that is not JSON reads as none.
        const body: Answer | undefined = await response.json().catch(() => {})
        if (response.ok) return { ...body, age: now() - at, wall }
        const code = CODES[response.status] ?? 'token_fetch_failed'
        error = new KeywardError(code, { response, body })
        delay += (error.retryAfter as number) * 1000 || 0
      } catch (cause) {
        error = new KeywardError('token_fetch_failed', { cause })
      }
      // No status (a network error or a timeout) compares false: retried like a 5xx.
      const { status } = error as { status: number }
      if ((status < 500 && status !== 429) || attempt >= retries || delay > 30_000) throw error
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
    return undefined
  }

  async function run(id: number): Promise<Token> {
    await tabs?.turn()
    try {
      const answer = await fetchToken(id)
      if (answer) {
        if (typeof answer.access_token !== 'string' || !((answer.expires_in as number) > 0)) {
          throw new KeywardError('invalid_token_response')
        }
        if (id === generation) hold(answer as SharedToken)
      }
    } catch (error) {
      // A superseded fetch's failure is as irrelevant as its token: callers get the newer answer.
      if (id === generation) {
        const failed = error as KeywardError
        // 401/403 from the broker: the caller is no longer allowed. Stop until `refresh()`.
        if (CODES[failed.status as number]) {
          failure = failed
          drop()
        }
        set('failed', failed)
        throw failed
      }
    } finally {
      if (id === generation) {
        flight = undefined
        // Hands the token to tabs that wait for it, or tells them to fetch for themselves.
        tabs?.tell()
      }
    }
    return id === generation && current ? current : source.getToken()
  }

  function start(): Promise<Token> {
    if (!flight) {
      flight = run(++generation)
      set('fetching')
      // A background refresh may have no caller waiting; its failure shows in the snapshot.
      flight.catch(() => {})
    }
    return flight
  }

  const recheck = () => {
    if (current && due() && !globalThis.document?.hidden) start()
  }

  const source = Object.assign(new EventTarget(), {
    url,
    async getToken({ signal, rejected }: GetTokenOptions = {}) {
      signal?.throwIfAborted()
      if (disposal.signal.aborted) throw new KeywardError('disposed')
      if (failure) throw failure
      if (rejected && rejected === current?.accessToken) drop()
      // Usable until 90 % of its lifetime: a margin for the request's own trip.
      if (current && age() < lifetime * 0.9) {
        if (due()) start()
        return current
      }
      return wait(start(), signal)
    },
    refresh(options?: GetTokenOptions) {
      drop()
      failure = flight = undefined
      return source.getToken(options)
    },
    dispose() {
      disposal.abort()
      generation++
      current = undefined
      tabs?.close()
      set('disposed')
    },
  }) as TokenSource & { snapshot: TokenSnapshot }
  set('idle')

  // Events after which a page may find its token old: back online, shown again, restored from
  // the back/forward cache. No timer: throttled or frozen tabs do not run them.
  // Only where the global scope is an event target (a page or a worker): a source created during
  // server-side rendering attaches no listener.
  if (typeof addEventListener === 'function') {
    for (const type of ['online', 'pageshow', 'visibilitychange']) {
      addEventListener(type, recheck, { signal: disposal.signal })
    }
  }
  return source
}

// A caller's signal ends its own wait, never the fetch that other callers share.
function wait<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal?.reason)
    signal?.addEventListener('abort', abort)
    promise.then(resolve, reject).finally(() => signal?.removeEventListener('abort', abort))
  })
}

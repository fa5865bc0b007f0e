import { KeywardError } from './errors.ts'

/**
 * A token as one tab hands it to another: the broker's answer, how long ago it was requested (a
 * duration, because each tab's monotonic clock has its own origin), and when, on the wall clock
 * all tabs share (to tell tokens requested before a refresh, however late the message arrives).
 *
 * @example
 * const shared: SharedToken = { access_token: 't1', expires_in: 300, age: 1_500, wall: Date.now() - 1_500 }
 */
export interface SharedToken {
  access_token: string
  /** Seconds, as the broker answered: the token's whole lifetime. */
  expires_in: number
  scope?: string | undefined
  /** Milliseconds since it was requested. */
  age: number
  /** `Date.now()` when it was requested. */
  wall: number
}

// A number is a ticket, announcing a fetch; anything else ends one, with or without a token.
type Message = number | SharedToken | false | undefined

/**
 * What the token source does with the channel (internal to `@keyward/client`).
 *
 * @example
 * await tabs.turn() // then fetch, unless another tab's token arrived
 * tabs.tell()
 */
export interface TabChannel {
  /** Resolves once this tab may fetch, or earlier when another tab's fetch ended. */
  turn(): Promise<void>
  /** Tells the other tabs that this tab's fetch ended, handing out its token if it got one. */
  tell(): void
  close(): void
}

// How long a tab listens for other tabs before it fetches, unless told otherwise: several times a
// BroadcastChannel round trip between idle tabs, short enough to go unnoticed on the first token.
// A busy device answers more slowly: the `settle` option is for pages that expect one.
const SETTLE_MS = 100

/**
 * Options of `openTabChannel`.
 *
 * @example
 * const options: TabChannelOptions = { name: 'keyward /v1/token', timeout: 10_000, fresh, adopt, settle: 500 }
 */
export interface TabChannelOptions {
  /** The `BroadcastChannel` name: tabs share tokens only within one name. */
  name: string
  /** The longest wait for another tab's fetch, in milliseconds. */
  timeout: number
  /** This tab's token if fresh enough to hand out, else nothing (`false` or `undefined`). */
  fresh: () => SharedToken | false | undefined
  /** Called with every token another tab hands out. */
  adopt: (token: SharedToken) => void
  /**
   * How long a tab about to fetch listens for a tab that holds a fresh token, in milliseconds
   * (default 100). An answer ends the wait at once, so a longer window costs only a tab that finds
   * no other: it fetches that much later. Raise it where tabs answer slowly (busy or low-end
   * devices), or another tab's token comes too late and a second token is fetched.
   */
  settle?: number | undefined
}

/**
 * Lock-free token sharing between the tabs of one origin: no lock, so no lock that a frozen tab
 * can hold forever. A tab about to fetch posts a random ticket. A tab holding a fresh token
 * answers with it; a tab holding a lower ticket (waiting or fetching) answers with that ticket,
 * and the higher one waits for the lower one's token. Every wait is bounded by a timer: a tab
 * that closes mid-fetch costs the others one `timeout`, after which each fetches for itself.
 *
 * @example
 * const tabs = openTabChannel({ name: 'keyward /v1/token', timeout: 10_000, fresh, adopt })
 * // As the `share` option, with a longer listening window:
 * const share = (options: TabChannelOptions) => openTabChannel({ ...options, settle: 500 })
 */
export function openTabChannel({
  name,
  timeout,
  fresh,
  adopt,
  settle = SETTLE_MS,
}: TabChannelOptions): TabChannel | undefined {
  // Up to the longest delay `setTimeout` accepts, as the token source's `timeout`.
  if (!(settle >= 0 && settle < 2 ** 31)) {
    throw new KeywardError('invalid_options', { message: `settle (${settle}) is out of range` })
  }
  // Where the global scope is no event target, as during server-side rendering: no channel.
  if (typeof addEventListener !== 'function') return undefined
  const channel = new BroadcastChannel(name)
  // 0 when idle, else this tab's ticket while it waits for its turn or fetches.
  let ticket = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let release = () => {}
  const post = (message: Message) => channel.postMessage(message)
  const waitUpTo = (ms: number) => {
    clearTimeout(timer)
    timer = setTimeout(release, ms)
  }

  channel.onmessage = ({ data }: MessageEvent<Message>) => {
    if (typeof data === 'number') {
      const token = fresh()
      if (token) post(token)
      else if (ticket && data < ticket) waitUpTo(timeout)
      else if (ticket) post(ticket)
    } else {
      if (data) adopt(data)
      ticket = 0
      release()
    }
  }

  return {
    turn: () =>
      new Promise((resolve) => {
        release()
        release = () => {
          clearTimeout(timer)
          resolve()
        }
        ticket = 1 + Math.random()
        post(ticket)
        waitUpTo(settle)
      }),
    tell() {
      ticket = 0
      post(fresh())
    },
    close() {
      release()
      channel.close()
    },
  }
}

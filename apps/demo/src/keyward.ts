import {
  createApi,
  createTokenSource,
  isInvalidToken,
  type RenewState,
  type TokenSource,
} from '@keyward/client'
import { createDpopFetch, type DpopFetch } from '@keyward/client/dpop'
import { openTabChannel } from '@keyward/client/tabs'
import { getUploadToken, type UploadToken } from '@keyward/client/upload'
import type { KyInstance } from 'ky'
import type { DemoConfig } from './demo-config.ts'
import { createLocalClock, type LocalClock } from './local-clock.ts'
import type { Access } from './permissions.ts'
import type { Session } from './sign-in.ts'

/** The `scope` the broker reports for a passthrough token: api.video's own, account-wide. */
export const PASSTHROUGH_SCOPE = 'apivideo:*'

/** What the token panel shows: counted where they happen, in this tab only. */
export interface Counters {
  /** Requests this tab sent to the broker's token endpoint. */
  tokenFetches: number
  /** Requests refused with an expired or unknown token, then retried once with a fresh one. */
  retries401: number
  /** Tokens handed over by another tab (cross-tab sharing). */
  sharedTokens: number
}

export interface Keyward {
  /** The token source: its `snapshot` holds the current token, its `change` event tells when. */
  tokens: TokenSource
  counters: Readonly<Counters>
  /** Dispatches `change` whenever a counter changes. */
  events: EventTarget
  /** The ky instance for api.video calls: the broker's proxy, or api.video itself in passthrough. */
  api(): Promise<KyInstance>
  /** An upload token; with ownership on, for a video the broker created with `title`. */
  uploadToken(title: string): Promise<UploadToken>
  /** Whether the broker enforces ownership and someone is signed in: what the buttons say. */
  access: Access
  /** Signs a DPoP proof for every broker request; tells which key a token is bound to. */
  dpop: DpopFetch
  /** The clock of those proofs: the emulator's in local mode, as the local broker's. */
  clock: LocalClock
}

const LIBRARY_TIMEOUT_MS = 15_000

/**
 * Wires `@keyward/client` for the demo: one token source, one ky client per destination, and the
 * counters (token fetches through the source's `fetch`, 401 retries through the client's `fetch`).
 */
export function connect(
  config: DemoConfig,
  scope: string | undefined,
  share: boolean,
  session: Session,
  settle?: number
): Keyward {
  const counters: Counters = { tokenFetches: 0, retries401: 0, sharedTokens: 0 }
  const events = new EventTarget()
  const changed = () => events.dispatchEvent(new Event('change'))
  // Tokens this tab fetched itself: any other token it receives came from another tab.
  const own = new Set<string>()

  // Every request to the broker proves possession of this tab's key (DPoP, RFC 9449): a token read
  // out of the page is useless elsewhere. The key is made on the first request, never exported.
  const clock = createLocalClock(config.emulatorUrl)
  const dpop = createDpopFetch({ origins: [config.brokerUrl], now: clock.now })
  const toBroker = async (input: RequestInfo | URL, init?: RequestInit) => {
    await clock.ready
    return dpop(input, init)
  }

  const tokens = createTokenSource({
    url: `${config.brokerUrl}/v1/token`,
    // Tabs that share a token share the key it is bound to.
    share: share ? dpop.share((options) => openTabChannel({ ...options, settle })) : undefined,
    ...(scope ? { scope } : {}),
    // The signed-in user's JWT (sign-in.ts); none when signed out: the broker's anonymous caller.
    headers: session.headers,
    fetch: async (input, init) => {
      counters.tokenFetches++
      changed()
      const response = await toBroker(input, init)
      if (response.ok) {
        const body = (await response
          .clone()
          .json()
          .catch(() => ({}))) as { access_token?: string }
        if (body.access_token) own.add(body.access_token)
      }
      return response
    },
  })
  const keyward: Keyward = {
    tokens,
    counters,
    events,
    api: async () => ((await tokens.getToken()).scope === PASSTHROUGH_SCOPE ? direct : proxied),
    // A title only where the broker creates the video: without ownership it refuses one.
    uploadToken: (title) =>
      getUploadToken({
        tokens,
        ...(session.enabled ? { title } : {}),
        fetch: counted(isInvalidToken, toBroker),
        retry: 0,
      }),
    access: { ownership: session.enabled, signedIn: session.user !== null },
    dpop,
    clock,
  }
  let last: string | undefined
  tokens.addEventListener('change', () => {
    const token = tokens.snapshot.token?.accessToken
    if (token && token !== last && !own.has(token)) {
      counters.sharedTokens++
      changed()
    }
    last = token ?? last
  })

  function counted(
    shouldRenew: (state: RenewState) => boolean,
    send: (request: Request) => Promise<Response>
  ) {
    return async (request: Request) => {
      const response = await send(request)
      if (shouldRenew({ request, response })) {
        counters.retries401++
        changed()
      }
      return response
    }
  }

  // Rate limits and long outages are told to the visitor (error-banner.ts), so ky retries only
  // brief failures, quickly, and never waits out a long Retry-After in silence.
  const retry = { limit: 1, statusCodes: [408, 500, 502, 503, 504], maxRetryAfter: 2_000 }
  const proxied = createApi({
    tokens,
    prefix: `${config.brokerUrl}/v1/api`,
    timeout: LIBRARY_TIMEOUT_MS,
    retry,
    fetch: counted(isInvalidToken, toBroker),
  })
  // Passthrough: api.video's 401 need not carry RFC 6750's invalid_token, so any 401 renews,
  // unless it names another error (the client's README recipe).
  const anyUnauthorized = ({ response }: RenewState) =>
    response.status === 401 &&
    !/error=(?!"?invalid_token)/.test(response.headers.get('www-authenticate') ?? '')
  const direct = createApi({
    tokens,
    prefix: config.apiUrl,
    origins: [config.apiUrl],
    timeout: LIBRARY_TIMEOUT_MS,
    retry,
    shouldRenew: anyUnauthorized,
    fetch: counted(anyUnauthorized, (request) => fetch(request)),
  })
  return keyward
}

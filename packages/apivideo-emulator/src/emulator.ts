import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { requireAuth } from './auth/require-auth.ts'
import { authRoutes } from './auth/routes.ts'
import { createTokenStore } from './auth/token-store.ts'
import { createClock, type EmulatorClock } from './clock.ts'
import { createFaults, type FaultControls } from './control/faults.ts'
import { controlRoutes } from './control/routes.ts'
import { createStats, type EmulatorStats, FAULT_HEADER } from './control/stats.ts'
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from './options.ts'
import { ApiProblem, problem, problemResponse } from './problem.ts'
import { videoRoutes } from './videos/routes.ts'
import { createVideoStore } from './videos/store.ts'

/** A running emulator: its Hono app, a fetch for in-process use, and the test controls. */
export interface Emulator {
  /** The Hono app. Serve it with any runtime; use `fetch` below for in-process calls. */
  readonly app: Hono
  /** The API key this emulator accepts. */
  readonly apiKey: string
  /** The project id carried by its access tokens. */
  readonly projectId: string
  /** The resolved options. */
  readonly options: Readonly<ResolvedOptions>
  /** A `fetch` that calls the emulator in process; a `drop` fault makes it reject like a cut connection. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** The emulator's clock: advance it to expire tokens without waiting. */
  readonly clock: EmulatorClock
  /** Fault injection rules. */
  readonly faults: FaultControls
  /** Request counts since start or the last reset. */
  stats(): EmulatorStats
  /** Revokes every access token and refresh token issued so far. */
  revokeAllTokens(): void
  /** Forgets every token, video, upload token, fault and count, and resets the clock. */
  reset(): void
}

export interface CreateEmulatorOptions extends EmulatorOptions {
  /** Source of randomness for fault probabilities. Default: `Math.random`. */
  random?: () => number
}

/** Base URL used when `emulator.fetch` is given a path instead of a full URL. */
export const IN_PROCESS_ORIGIN = 'http://apivideo-emulator.local'

const CONTROL_PREFIX = '/_emulator'

/**
 * Creates an api.video emulator.
 *
 * @example
 * import { createEmulator } from '@keyward/apivideo-emulator'
 *
 * const emulator = createEmulator({ apiKey: 'test-key', accessTokenTtlSeconds: 60 })
 * const res = await emulator.fetch('/auth/api-key', {
 *   method: 'POST',
 *   body: JSON.stringify({ apiKey: 'test-key' }),
 * })
 * const { access_token } = await res.json()
 * emulator.clock.advance(61_000) // access_token is now expired
 */
export function createEmulator({
  random = Math.random,
  ...emulatorOptions
}: CreateEmulatorOptions = {}): Emulator {
  const options = resolveOptions(emulatorOptions)
  const clock = createClock(options.now)
  const tokens = createTokenStore(options, clock)
  const videos = createVideoStore(options, () => clock.now())
  const stats = createStats()
  const faults = createFaults(random)

  const revokeAllTokens = () => tokens.revokeAll()
  const reset = () => {
    tokens.reset()
    videos.reset()
    stats.reset()
    faults.clear()
    clock.reset()
  }

  const app = new Hono()
  app.use(
    '*',
    cors({
      origin: options.corsOrigins,
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Content-Range',
        'AV-Origin-Client',
        'AV-Origin-App',
        'AV-Origin-Sdk',
      ],
      exposeHeaders: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Retry-After'],
      maxAge: 600,
    })
  )
  app.use('*', apiOnly(stats.middleware))
  app.use('*', apiOnly(faults.middleware))

  app.route(
    CONTROL_PREFIX,
    controlRoutes({ clock, faults, stats: stats.snapshot, revokeAllTokens, reset })
  )
  app.route('/auth', authRoutes(tokens, options))
  app.use('/videos/*', requireAuth(tokens))
  app.use('/videos', requireAuth(tokens))
  app.route('/videos', videoRoutes(videos, options))

  app.notFound(() => problemResponse(problem('unrecognized-request-url')))
  app.onError((error) => {
    if (error instanceof ApiProblem) return error.toResponse()
    if (error instanceof HTTPException) {
      return problemResponse(
        problem('invalid-payload', { status: error.status, detail: error.message })
      )
    }
    console.error('[apivideo-emulator] unexpected error', error)
    return problemResponse(problem('server-error'))
  })

  return {
    app,
    apiKey: options.apiKey,
    projectId: options.projectId,
    options,
    clock,
    faults,
    stats: stats.snapshot,
    revokeAllTokens,
    reset,
    async fetch(input, init) {
      const request =
        input instanceof Request && init === undefined ? input : new Request(absolute(input), init)
      return deliver(await app.fetch(request))
    },
  }
}

/** Runs `middleware` for api.video routes only, never for the control plane. */
function apiOnly(middleware: ReturnType<typeof createStats>['middleware']) {
  return function apiOnly(...args: Parameters<typeof middleware>) {
    const [c, next] = args
    return c.req.path.startsWith(CONTROL_PREFIX) ? next() : middleware(c, next)
  }
}

function absolute(input: RequestInfo | URL): RequestInfo | URL {
  return typeof input === 'string' && input.startsWith('/') ? `${IN_PROCESS_ORIGIN}${input}` : input
}

/** What a client sees: a `drop` fault is a network error; the fault marker never leaks. */
export function deliver(response: Response): Response {
  const fault = response.headers.get(FAULT_HEADER)
  if (fault === null) return response
  if (fault === 'drop') {
    throw new TypeError('fetch failed', {
      cause: new Error('the emulator dropped the connection before answering (drop fault)'),
    })
  }
  const headers = new Headers(response.headers)
  headers.delete(FAULT_HEADER)
  return new Response(response.body, { status: response.status, headers })
}

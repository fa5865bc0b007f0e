import { DevStackError } from './errors.ts'
import { exitedError, hasExited, type Service } from './process.ts'

/** Reads an answer: `undefined` when it comes from our service, else what answered instead. */
export type Identify = (response: Response) => Promise<string | undefined>

export interface WaitForServiceOptions {
  /** Tells our service's answer from anyone else's. */
  identify: Identify
  /** How long the service may take to answer as itself. Default: 60 s. */
  timeoutMs?: number
  /** How long something else may answer before we give up on it. Default: 5 s. */
  strangerMs?: number
}

/**
 * Polls `url` until our service answers as itself. Fails with `service_exited` when its process
 * ends, `not_our_service` when something else keeps answering there, `service_timeout` otherwise.
 */
export async function waitForService(
  url: string,
  service: Service,
  { identify, timeoutMs = 60_000, strangerMs = 5_000 }: WaitForServiceOptions
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let strangerSince: number | undefined
  let stranger = ''
  while (Date.now() < deadline) {
    if (hasExited(service)) throw exitedError(service, 'before answering')
    const mismatch = await answer(url, identify)
    if (mismatch === undefined) return
    if (mismatch !== null) {
      strangerSince ??= Date.now()
      stranger = mismatch
      if (Date.now() - strangerSince >= strangerMs) throw notOurs(url, service, stranger)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  if (strangerSince !== undefined) throw notOurs(url, service, stranger)
  throw new DevStackError(
    'service_timeout',
    `the ${service.name} did not answer at ${url} within ${timeoutMs} ms; see ${service.logFile}`
  )
}

/** `undefined`: ours; a string: someone else; `null`: no answer yet. */
async function answer(url: string, identify: Identify): Promise<string | undefined | null> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
  } catch {
    return null
  }
  try {
    return await identify(response)
  } catch (error) {
    return `an answer it could not read (${String(error)})`
  }
}

function notOurs(url: string, service: Service, what: string): DevStackError {
  return new DevStackError(
    'not_our_service',
    `something else answers at ${url}, not the ${service.name} this stack started: ${what}. ` +
      'Stop that server, or move this stack to other ports (KEYWARD_*_PORT).'
  )
}

async function json(response: Response): Promise<Record<string, unknown> | undefined> {
  if (!response.ok) return undefined
  const body: unknown = await response.json().catch(() => undefined)
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined
}

const describe = (response: Response) =>
  `HTTP ${response.status} ${response.headers.get('content-type') ?? 'without a content type'}`

/**
 * The emulator: `/_emulator/stats` has its shape, and our process said it listens on `url`, so
 * an emulator of another stack on the same port does not pass for ours.
 */
export function emulatorIdentity(service: Service, url: string): Identify {
  return async (response) => {
    const stats = await json(response)
    if (typeof stats?.total !== 'number' || typeof stats.auth !== 'object') {
      return `${describe(response)}, not the emulator's stats`
    }
    return service.recentOutput().includes(`listening on ${url}`)
      ? undefined
      : 'an api.video emulator that our process did not start'
  }
}

/** The broker: its JWKS publishes the signing key this stack generated (by `kid`). */
export function brokerIdentity(kid: string): Identify {
  return async (response) => {
    const jwks = await json(response)
    if (!Array.isArray(jwks?.keys)) return `${describe(response)}, not a JWKS`
    const kids = jwks.keys.map((key: { kid?: unknown }) => key?.kid)
    return kids.includes(kid) ? undefined : `a JWKS without this stack's key ${kid}`
  }
}

/** The demo: its `/keyward.json` points at this stack's broker. */
export function demoIdentity(brokerUrl: string): Identify {
  return async (response) => {
    const config = await json(response)
    if (config?.brokerUrl === brokerUrl) return undefined
    return config ? `a demo configured for ${String(config.brokerUrl)}` : describe(response)
  }
}

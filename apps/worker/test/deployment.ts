// A simulated deployment inside workerd: several Worker "isolates" (fresh createWorker() each, so
// separate memory) sharing the TOKEN_VAULT binding, in front of the emulator auxiliary Worker
// whose clock, faults and counters the tests drive through its /_emulator/* control plane.
import {
  abortAllDurableObjects,
  createExecutionContext,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { createWorker } from '@keyward/broker/cloudflare'
import { credentialFingerprint, type UpstreamVault } from '@keyward/broker/vault'

export const ORIGIN = 'https://app.example.com'
export const UPSTREAM = 'https://apivideo.test'

export interface EmulatorStats {
  total: number
  dropped: number
  routes: Record<string, Record<string, number>>
  auth: {
    apiKey: { succeeded: number; failed: number }
    refresh: { succeeded: number; failed: number }
  }
}

export const emulator = (path: string, init: RequestInit = {}) => fetch(`${UPSTREAM}${path}`, init)

export const stats = async () =>
  (await (await emulator('/_emulator/stats')).json()) as EmulatorStats

/**
 * A call to the broker's proxy through `broker` (a Worker's fetch), with the allowed Origin and the
 * broker token as Bearer; `init.headers` go on top.
 */
export function proxyCall(
  broker: (path: string, init?: RequestInit) => Promise<Response>,
  path: string,
  accessToken: string,
  init: RequestInit = {}
): Promise<Response> {
  return broker(`/v1/api${path}`, {
    ...init,
    headers: {
      origin: ORIGIN,
      authorization: `Bearer ${accessToken}`,
      ...(init.headers as object),
    },
  })
}

/** Moves the emulator's clock; the isolates and the vault follow it (DEV_CLOCK=auto). */
export async function advance(seconds: number): Promise<void> {
  await emulator('/_emulator/clock', {
    method: 'POST',
    body: JSON.stringify({ advanceSeconds: seconds }),
  })
}

export async function fault(rule: Record<string, unknown>): Promise<void> {
  const res = await emulator('/_emulator/faults', { method: 'POST', body: JSON.stringify(rule) })
  if (res.status !== 201) throw new Error(`fault refused: ${res.status}`)
}

export const clearFaults = () => emulator('/_emulator/faults', { method: 'DELETE' })

/** A new deployment: the emulator forgets everything, the vault's storage and instance are gone. */
export async function freshDeployment(): Promise<void> {
  await runInDurableObject(await vaultStub(), async (_instance, state) => {
    await state.storage.deleteAlarm()
    await state.storage.deleteAll()
  })
  await abortAllDurableObjects()
  await emulator('/_emulator/reset', { method: 'POST' })
}

/** The vault of the test credential, as the Worker names it. */
export async function vaultStub() {
  const name = await credentialFingerprint(UPSTREAM, env.APIVIDEO_API_KEY)
  return env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(name))
}

/** The TOKEN_VAULT namespace, counting the isolates' calls to the vault. */
export function countingVault() {
  const counts = { getToken: 0, renew: 0 }
  const namespace = {
    idFromName: (name: string) => env.TOKEN_VAULT.idFromName(name),
    get: (id: DurableObjectId): UpstreamVault => {
      const stub = env.TOKEN_VAULT.get(id)
      return {
        getToken: (request) => {
          counts.getToken++
          return stub.getToken(request)
        },
        renew: (request) => {
          counts.renew++
          return stub.renew(request)
        },
      }
    },
  }
  return { counts, namespace: namespace as unknown as Env['TOKEN_VAULT'] }
}

let nextIp = 1

export interface IsolateOptions {
  /**
   * Wait for what `waitUntil` keeps alive (the background warm-up) before a request resolves, so
   * tests are deterministic. Default: true; measurements turn it off and call `settle()`.
   */
  settleEachRequest?: boolean
}

/** One Worker isolate: its own broker and memory, the deployment's env and bindings. */
export function isolate(
  overrides: Partial<Record<keyof Env, unknown>> = {},
  { settleEachRequest = true }: IsolateOptions = {}
) {
  const worker = createWorker()
  const isolateEnv = { ...env, LOG_LEVEL: 'warn', RATE_LIMIT_REQUESTS: '0', ...overrides } as Env
  const background: ExecutionContext[] = []
  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext()
    const fetchHandler = worker.fetch
    if (!fetchHandler) throw new Error('the Worker has no fetch handler')
    const res = await fetchHandler(
      new Request(`https://broker.test${path}`, init) as never,
      isolateEnv,
      ctx
    )
    if (settleEachRequest) await waitOnExecutionContext(ctx)
    else background.push(ctx)
    return res
  }
  return {
    request,
    /** Waits for every background task started so far. */
    settle: async () => {
      for (const ctx of background.splice(0)) await waitOnExecutionContext(ctx)
    },
    /** `POST /v1/token` from the allowed origin and a fresh client address. */
    token: () =>
      request('/v1/token', {
        method: 'POST',
        headers: { origin: ORIGIN, 'cf-connecting-ip': `198.51.100.${nextIp++ % 250}` },
      }),
    /** A proxied call with a broker token. */
    api: (path: string, accessToken: string) =>
      request(`/v1/api${path}`, {
        headers: { origin: ORIGIN, authorization: `Bearer ${accessToken}` },
      }),
  }
}

export type Isolate = ReturnType<typeof isolate>

/** The access token of a 200 `/v1/token` answer. */
export async function accessToken(res: Response): Promise<string> {
  if (res.status !== 200) throw new Error(`/v1/token answered ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

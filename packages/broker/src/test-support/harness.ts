import {
  type CreateEmulatorOptions,
  createEmulator,
  type Emulator,
} from '@keyward/apivideo-emulator'
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { createBroker } from '../broker.ts'
import type { BrokerLogger, LogFields } from '../logger.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { SCOPES } from '../scopes.ts'
import { createBackground } from './background.ts'
import { createGates } from './gates.ts'

export const ORIGIN = 'https://app.example.com'
export const UPSTREAM = 'https://apivideo.test'
export const ALL_SCOPES = SCOPES

export interface LogLine {
  level: 'info' | 'warn' | 'error'
  event: string
  fields: LogFields
}

export interface UpstreamCall {
  method: string
  url: string
  headers: Record<string, string>
}

/** A private Ed25519 JWK with a kid, as KEYWARD_SIGNING_KEY holds it. */
export async function signingJwk(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  return { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' }
}

export interface HarnessOptions {
  broker?: Partial<BrokerOptions>
  emulator?: CreateEmulatorOptions
}

/**
 * A broker in front of an in-process emulator, on one fake clock, with every log line, upstream
 * call and background task (`waitUntil`) captured.
 */
export async function createHarness({
  broker = {},
  emulator: emulatorOptions = {},
}: HarnessOptions = {}) {
  let time = Date.UTC(2026, 10, 28, 12)
  const now = () => time
  const emulator: Emulator = createEmulator({ rateLimits: false, now, ...emulatorOptions })
  const logs: LogLine[] = []
  const calls: UpstreamCall[] = []
  const background = createBackground()
  const gates = createGates()
  /** Every access and refresh token api.video issued to the broker. */
  const issued = { accessTokens: new Set<string>(), refreshTokens: new Set<string>() }
  const logger: BrokerLogger = {
    info: (event, fields) => logs.push({ level: 'info', event, fields }),
    warn: (event, fields) => logs.push({ level: 'warn', event, fields }),
    error: (event, fields) => logs.push({ level: 'error', event, fields }),
  }
  const upstreamFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    calls.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    })
    const path = new URL(request.url).pathname
    await gates.pass(path)
    const res = await emulator.fetch(request)
    if (path.startsWith('/auth/') && res.ok) {
      const pair = (await res.clone().json()) as { access_token: string; refresh_token: string }
      issued.accessTokens.add(pair.access_token)
      issued.refreshTokens.add(pair.refresh_token)
    }
    return res
  }) as typeof fetch
  const signingKey = await signingJwk('k1')
  const app = createBroker({
    apiKey: emulator.apiKey,
    apiBaseUrl: UPSTREAM,
    allowedOrigins: [ORIGIN],
    signingKey,
    anonymousScopes: [...ALL_SCOPES],
    rateLimit: false,
    proxyRateLimit: false,
    // The harness stands in for the Workers entry, which reads the address from this header.
    clientIp: (request) => request.headers.get('cf-connecting-ip'),
    fetch: upstreamFetch,
    now,
    random: () => 0.5,
    logger,
    ...broker,
  })
  const request = (path: string, init: RequestInit = {}) =>
    app.request(path, init, {}, background.executionCtx)

  return {
    app,
    emulator,
    upstreamFetch,
    issued,
    logs,
    calls,
    signingKey,
    now,
    advance: (ms: number) => {
      time += ms
    },
    request,
    settle: background.settle,
    pendingCount: () => background.pending.length,
    hold: gates.hold,
    /** Upstream calls other than `/auth/*`. */
    apiCalls: () => calls.filter((call) => !new URL(call.url).pathname.startsWith('/auth/')),
    /** Signs a broker-shaped token with the broker's key, without asking the broker. */
    mint: (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
      mintToken(signingKey, now, { claims, header }),
    /** A broker token for `scope` (default: every anonymous scope). */
    token: async (scope?: string) => {
      const res = await request('/v1/token', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        ...(scope === undefined ? {} : { body: JSON.stringify({ scope }) }),
      })
      if (res.status !== 200) throw new Error(`token request failed: ${res.status}`)
      return ((await res.json()) as { access_token: string }).access_token
    },
    /** Calls the proxy with a broker token; a string body is JSON unless a type is given. */
    api: (path: string, token: string, init: RequestInit = {}) =>
      request(`/v1/api${path}`, {
        ...init,
        headers: {
          origin: ORIGIN,
          authorization: `Bearer ${token}`,
          ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as object),
        },
      }),
  }
}

export type Harness = Awaited<ReturnType<typeof createHarness>>

/** Creates a video straight in the emulator, with Basic auth as api.video's Node client does. */
export async function createVideo(harness: Harness, title = 'A video'): Promise<string> {
  const res = await harness.emulator.fetch('/videos', {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${harness.emulator.apiKey}:`)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`creating a video failed: ${res.status}`)
  return ((await res.json()) as { videoId: string }).videoId
}

/** What `mintToken` changes in a broker-shaped token. */
export interface MintOverrides {
  claims?: Record<string, unknown>
  header?: Record<string, unknown>
}

/** A token shaped like the broker's (RFC 9068), with `claims` and `header` overriding the defaults. */
export async function mintToken(
  key: JWK,
  now: () => number,
  { claims = {}, header = {} }: MintOverrides = {}
): Promise<string> {
  const iat = Math.floor(now() / 1000)
  return new SignJWT({
    iss: 'keyward',
    aud: 'keyward-api',
    sub: 'anonymous',
    client_id: ORIGIN,
    scope: ALL_SCOPES.join(' '),
    iat,
    exp: iat + 300,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid as string, typ: 'at+jwt', ...header })
    .sign(await importJWK(key, 'EdDSA'))
}

import type { JWK } from 'jose'
import { BrokerError } from './errors.ts'

/** The scopes a broker token can carry; each maps to api.video operations (see proxy rules). */
export const SCOPES = ['videos:read', 'videos:write', 'videos:delete', 'videos:upload'] as const
export type Scope = (typeof SCOPES)[number]

export interface BrokerOptions {
  /** The api.video API key. Keep it in a secret; it never leaves the broker. */
  apiKey: string
  /** api.video's base URL. Default: `'https://ws.api.video'` (sandbox: `'https://sandbox.api.video'`). */
  apiBaseUrl?: string
  /** Exact origins (scheme, host, port) allowed to get tokens. No wildcard. */
  allowedOrigins: string[]
  /** The private key that signs broker tokens, as a JWK with `kid` (Ed25519 by default). */
  signingKey: JWK
  /** `iss` of broker tokens. Default: `'keyward'`. */
  issuer?: string
  /** `aud` of broker tokens. Default: `'keyward-api'`. */
  audience?: string
  /** Lifetime of broker tokens, in seconds. Default: 300. */
  tokenTtlSeconds?: number
  /** Scopes given to unauthenticated callers (explicit anonymous mode). Default: none. */
  anonymousScopes?: Scope[]
  /** The `fetch` used to reach api.video. Default: the global `fetch`. */
  fetch?: typeof fetch
  /** Clock in epoch milliseconds. Default: `Date.now`. */
  now?: () => number
}

export interface ResolvedBrokerOptions {
  apiKey: string
  apiBaseUrl: string
  allowedOrigins: ReadonlySet<string>
  signingKey: JWK
  issuer: string
  audience: string
  tokenTtlSeconds: number
  anonymousScopes: Scope[]
  fetch: typeof fetch
  now: () => number
}

/** Validates options at start so a misconfiguration is a clear error, not a 500 later. */
export function resolveBrokerOptions(options: BrokerOptions): ResolvedBrokerOptions {
  const fail = (detail: string): never => {
    throw new BrokerError('invalid_config', { detail })
  }
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    fail('apiKey is missing: set the APIVIDEO_API_KEY secret')
  }
  const apiBaseUrl = (options.apiBaseUrl ?? 'https://ws.api.video').replace(/\/+$/, '')
  if (!URL.canParse(apiBaseUrl)) fail(`apiBaseUrl is not a URL: ${apiBaseUrl}`)
  if (!Array.isArray(options.allowedOrigins)) fail('allowedOrigins must be a list of origins')
  for (const origin of options.allowedOrigins) {
    if (origin === '*' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      fail(`allowedOrigins entries must be exact origins like https://app.example.com: ${origin}`)
    }
  }
  if (typeof options.signingKey !== 'object' || options.signingKey === null) {
    fail('signingKey is missing: set the KEYWARD_SIGNING_KEY secret to a private JWK')
  }
  if (!options.signingKey.d || !options.signingKey.kid) {
    fail('signingKey must be a private JWK with a kid')
  }
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 300
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 10 || tokenTtlSeconds > 3600) {
    fail('tokenTtlSeconds must be an integer from 10 to 3600')
  }
  const anonymousScopes = options.anonymousScopes ?? []
  for (const scope of anonymousScopes) {
    if (!SCOPES.includes(scope)) fail(`unknown scope in anonymousScopes: ${scope}`)
  }
  return {
    apiKey: options.apiKey,
    apiBaseUrl,
    allowedOrigins: new Set(options.allowedOrigins),
    signingKey: options.signingKey,
    issuer: options.issuer ?? 'keyward',
    audience: options.audience ?? 'keyward-api',
    tokenTtlSeconds,
    anonymousScopes,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now ?? Date.now,
  }
}

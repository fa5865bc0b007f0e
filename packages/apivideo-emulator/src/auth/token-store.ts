import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import type { EmulatorClock } from '../clock.ts'
import { newRefreshToken } from '../ids.ts'
import type { ResolvedOptions } from '../options.ts'

/** The body of a successful `/auth/api-key` or `/auth/refresh` (schema `access-token`). */
export interface AccessTokenBody {
  token_type: 'Bearer'
  expires_in: number
  access_token: string
  refresh_token: string
}

interface AccessRecord {
  expiresAt: number
  revoked: boolean
}

interface RefreshRecord {
  expiresAt: number
  used: boolean
  accessToken: string
}

let signingKey: Promise<{ privateKey: CryptoKey; publicJwk: JWK }> | undefined

// One RSA key per process is enough: tokens are also tracked by value, so emulators never accept
// each other's tokens. Created lazily because Workers forbid randomness at module scope.
function key() {
  signingKey ??= generateKeyPair('RS256', { extractable: true }).then(
    async ({ privateKey, publicKey }) => ({ privateKey, publicJwk: await exportJWK(publicKey) })
  )
  return signingKey
}

export type TokenStore = ReturnType<typeof createTokenStore>

export function createTokenStore(options: ResolvedOptions, clock: EmulatorClock) {
  const access = new Map<string, AccessRecord>()
  let refresh = new Map<string, RefreshRecord>()
  let lastMicros = 0

  async function issue(): Promise<AccessTokenBody> {
    const now = clock.now()
    const ttl = options.accessTokenTtlSeconds
    // iat/nbf/exp are floats with microseconds in api.video's tokens (api.video's docs: Authentication). RS256 is
    // deterministic, so two tokens issued in one millisecond would be the same string: each
    // token gets its own microsecond, which keeps revoking one from revoking the other.
    lastMicros = Math.max(Math.round(now * 1000), lastMicros + 1)
    const iat = lastMicros / 1e6
    const { privateKey } = await key()
    const accessToken = await new SignJWT({
      iat,
      nbf: iat,
      exp: iat + ttl,
      projectId: options.projectId,
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256' })
      .sign(privateKey)
    const refreshToken = newRefreshToken()
    access.set(accessToken, { expiresAt: now + ttl * 1000, revoked: false })
    refresh.set(refreshToken, {
      expiresAt: now + options.refreshTokenTtlSeconds * 1000,
      used: false,
      accessToken,
    })
    prune(now)
    return {
      token_type: 'Bearer',
      expires_in: ttl,
      access_token: accessToken,
      refresh_token: refreshToken,
    }
  }

  function prune(now: number): void {
    if (access.size < 10_000) return
    for (const [token, record] of access) if (record.expiresAt <= now) access.delete(token)
  }

  return {
    /** `POST /auth/api-key`: a new pair, and every earlier refresh token stops working. */
    async exchangeApiKey(apiKey: string): Promise<AccessTokenBody | undefined> {
      if (!constantTimeEqual(apiKey, options.apiKey)) return undefined
      refresh = new Map()
      return issue()
    },

    /** `POST /auth/refresh`: single use; the old access token is revoked unless switched off. */
    async refresh(refreshToken: string): Promise<AccessTokenBody | undefined> {
      const record = refresh.get(refreshToken)
      if (!record || record.used || record.expiresAt <= clock.now()) return undefined
      record.used = true
      if (options.revokeOldAccessTokenOnRefresh) {
        const old = access.get(record.accessToken)
        if (old) old.revoked = true
      }
      return issue()
    },

    isAccessTokenValid(token: string): boolean {
      const record = access.get(token)
      return record !== undefined && !record.revoked && record.expiresAt > clock.now()
    },

    isApiKey(candidate: string): boolean {
      return constantTimeEqual(candidate, options.apiKey)
    },

    /** Revokes every access token and refresh token issued so far. */
    revokeAll(): void {
      for (const record of access.values()) record.revoked = true
      refresh = new Map()
    },

    reset(): void {
      access.clear()
      refresh = new Map()
    },

    async publicJwk(): Promise<JWK> {
      return (await key()).publicJwk
    },
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a)
  const right = new TextEncoder().encode(b)
  let diff = left.length ^ right.length
  for (let i = 0; i < left.length; i++) diff |= (left[i] ?? 0) ^ (right[i % right.length] ?? 0)
  return diff === 0
}

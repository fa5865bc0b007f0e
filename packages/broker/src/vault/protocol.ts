import type { UpstreamConfig } from '../upstream/token-manager.ts'

/**
 * What an isolate sends the vault with every call.
 *
 * @example
 * const request: VaultTokenRequest = { credential, renewal: 'refresh', minValidityMs: 60_000 }
 */
export interface VaultTokenRequest {
  /** `credentialFingerprint(apiBaseUrl, apiKey)` of the caller: the vault refuses another one. */
  credential: string
  /**
   * The caller's renewal mode. `'api-key'` (passthrough) marks the token it gets as handed out,
   * and a handed-out token is never renewed with a refresh, which would revoke it early.
   */
  renewal: UpstreamConfig['renewal']
  /** The token must stay valid at least this long, in ms. Default: the safety margin. */
  minValidityMs?: number | undefined
}

/**
 * `renew`: api.video answered 401 to `rejected`.
 *
 * @example
 * const request: VaultRenewRequest = { credential, renewal: 'refresh', rejected: accessToken }
 */
export interface VaultRenewRequest extends VaultTokenRequest {
  rejected: string
}

/**
 * A token as the vault hands it out. `renewAt` is when the vault will next renew (and, with a
 * refresh, revoke) it: isolates treat their copy as fresh until then, and ask again after.
 *
 * @example
 * const fresh = now < token.renewAt
 */
export interface VaultToken {
  accessToken: string
  /** Epoch ms, on the vault's clock. */
  issuedAt: number
  /** Epoch ms. */
  expiresAt: number
  /** Epoch ms. */
  renewAt: number
}

/**
 * The vault's answer: a token, or why there is none and when to ask again. Failures are answers,
 * not exceptions, so they cross an RPC boundary intact.
 *
 * @example
 * const answer = await vault.getToken(request)
 * if (!answer.ok) throw new BrokerError('upstream_unavailable', { headers: { 'retry-after': String(answer.retryAfterSeconds) } })
 */
export type VaultAnswer =
  | { ok: true; token: VaultToken }
  | {
      ok: false
      /** `upstream_*` for api.video failures; `invalid_config` for a credential mismatch. */
      code: string
      retryAfterSeconds: number
    }

/**
 * The vault as an isolate sees it: on Workers, a Durable Object stub (RPC); in tests, the core
 * itself. The only place that talks to api.video's `/auth/*` for its credential.
 *
 * @example
 * const vault: UpstreamVault = env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(credential))
 */
export interface UpstreamVault {
  /** A token valid for at least `minValidityMs`. */
  getToken(request: VaultTokenRequest): Promise<VaultAnswer>
  /** api.video refused `rejected`: another token, one renewal however many isolates ask. */
  renew(request: VaultRenewRequest): Promise<VaultAnswer>
}

/**
 * A non-secret name for an upstream credential (api.video base URL plus API key): the first 128
 * bits of a SHA-256, in hex. It picks the one vault of a credential (on Workers, the Durable
 * Object's `idFromName`) and lets the vault check that a caller means the key it holds. The key
 * cannot be recovered from it; the key itself is never a name, a log field or a storage key.
 *
 * @example
 * import { credentialFingerprint } from '@keyward/broker/vault'
 *
 * const id = env.TOKEN_VAULT.idFromName(await credentialFingerprint(env.APIVIDEO_BASE_URL, env.APIVIDEO_API_KEY))
 */
export async function credentialFingerprint(apiBaseUrl: string, apiKey: string): Promise<string> {
  // The same base URL however it is spelled (case, trailing slash), as the broker normalises it.
  const trimmed = apiBaseUrl.trim()
  const base = (URL.canParse(trimmed) ? new URL(trimmed).href : trimmed).replace(/\/+$/, '')
  const bytes = new TextEncoder().encode(`keyward-upstream-credential\n${base}\n${apiKey.trim()}`)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0'))
  return `apivideo-${hex.join('')}`
}

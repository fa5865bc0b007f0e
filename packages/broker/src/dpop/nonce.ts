import { base64url } from 'jose'
import { invalidConfig } from '../errors.ts'

/**
 * Issues and checks DPoP server nonces (RFC 9449 §8, §9).
 *
 * @example
 * if (!(await nonces.isValid(claims.nonce))) throw useDpopNonce(await nonces.current(), { algs, at: now() })
 */
export interface DpopNonces {
  /** The nonce of the current time step, to send in `DPoP-Nonce`. */
  current(): Promise<string>
  /** Whether `nonce` is the current or the previous step's nonce; `'stale'` for the previous one. */
  check(nonce: unknown): Promise<'current' | 'stale' | 'invalid'>
}

/**
 * Options of `createDpopNonces`.
 *
 * @example
 * const options: DpopNoncesOptions = { secret: env.DPOP_NONCE_SECRET, stepSeconds: 300, now: Date.now }
 */
export interface DpopNoncesOptions {
  /** HMAC secret shared by every instance, at least 32 bytes (a string counts its UTF-8 bytes). */
  secret: string | Uint8Array<ArrayBuffer>
  /** How long a nonce is current. Default: 300. */
  stepSeconds?: number
  /** Clock, in epoch milliseconds. */
  now: () => number
}

const MIN_SECRET_BYTES = 32
/** The MAC is cut to 128 bits: enough that a nonce cannot be guessed, short enough for a header. */
const MAC_BYTES = 16
const NONCE = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/

/**
 * Stateless nonces: `<step>.<HMAC-SHA-256(secret, step)>`, where `step` counts `stepSeconds` since
 * the epoch. Any instance with the secret issues and checks them with no storage; a nonce is
 * accepted during its own step and the next one, so a client's nonce never expires mid-request.
 *
 * @example
 * const nonces = createDpopNonces({ secret: env.DPOP_NONCE_SECRET, now: Date.now })
 * response.headers.set('dpop-nonce', await nonces.current())
 */
export function createDpopNonces({
  secret,
  stepSeconds = 300,
  now,
}: DpopNoncesOptions): DpopNonces {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  if (bytes.byteLength < MIN_SECRET_BYTES)
    throw invalidConfig(
      `The DPoP nonce secret (dpop.nonce.secret, DPOP_NONCE_SECRET) must be at least ${MIN_SECRET_BYTES} bytes.`
    )
  if (!Number.isInteger(stepSeconds) || stepSeconds < 1)
    throw invalidConfig(
      'The DPoP nonce step (dpop.nonce.stepSeconds, DPOP_NONCE_STEP_SECONDS) must be a whole number of seconds, at least 1.'
    )
  const key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const stepAt = () => Math.floor(now() / 1000 / stepSeconds)
  async function nonceOf(step: number) {
    const mac = await crypto.subtle.sign(
      'HMAC',
      await key,
      new TextEncoder().encode(`dpop:${step}`)
    )
    return `${step}.${base64url.encode(new Uint8Array(mac, 0, MAC_BYTES))}`
  }
  return {
    current: () => nonceOf(stepAt()),
    async check(nonce) {
      const step = typeof nonce === 'string' ? Number(NONCE.exec(nonce)?.[1]) : Number.NaN
      const current = stepAt()
      if (step !== current && step !== current - 1) return 'invalid'
      if (!sameText(await nonceOf(step), nonce as string)) return 'invalid'
      return step === current ? 'current' : 'stale'
    },
  }
}

/** Compares in time independent of where the strings differ, so a MAC cannot be found by timing. */
function sameText(expected: string, actual: string): boolean {
  let difference = expected.length ^ actual.length
  for (let i = 0; i < expected.length; i++)
    difference |= expected.charCodeAt(i) ^ actual.charCodeAt(i)
  return difference === 0
}

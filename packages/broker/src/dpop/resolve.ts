import { invalidConfig } from '../errors.ts'
import { createDpopNonces, type DpopNonces } from './nonce.ts'
import { DPOP_ALGORITHMS, DPOP_DEFAULTS, type DpopMode, type DpopOptions } from './options.ts'
import { createDpopVerifier, type DpopVerifier } from './proof.ts'
import { createMemoryReplayCache } from './replay-cache.ts'

/**
 * `DpopOptions` checked and built: what the token route and the API middleware use.
 *
 * @example
 * const dpop = resolveDpop({ mode: 'required' }, Date.now)
 * if (dpop.mode !== 'off') await dpop.verify({ proof, method, url })
 */
export interface ResolvedDpop {
  mode: DpopMode
  verify: DpopVerifier
  /** Present when nonces are required: a successful response may carry `nonces.current()`. */
  nonces?: DpopNonces
}

const MODES: readonly DpopMode[] = ['off', 'optional', 'required']
/** Past a few minutes a proof is no longer "fresh" in RFC 9449 §11.1's sense. */
const MAX_WINDOW_SECONDS = 300

/**
 * Checks `DpopOptions` at start and builds the verifier, nonces and replay cache they describe;
 * a bad option is an `invalid_config` naming it (never its value).
 *
 * @example
 * const dpop = resolveDpop({ mode: 'optional', nonce: { secret: env.DPOP_NONCE_SECRET } }, Date.now)
 */
export function resolveDpop(options: DpopMode | DpopOptions, now: () => number): ResolvedDpop {
  const {
    mode = DPOP_DEFAULTS.mode,
    algorithms = DPOP_DEFAULTS.algorithms,
    proofWindowSeconds = DPOP_DEFAULTS.proofWindowSeconds,
    nonce,
    replayCacheSize = DPOP_DEFAULTS.replayCacheSize,
    replayCache = createMemoryReplayCache({ maxEntries: wholeCount(replayCacheSize), now }),
  } = typeof options === 'string' ? { mode: options } : options
  if (!MODES.includes(mode))
    throw invalidConfig(`dpop.mode (DPOP) must be one of ${MODES.join(', ')}.`)
  if (algorithms.length === 0 || algorithms.some((alg) => !DPOP_ALGORITHMS.includes(alg)))
    throw invalidConfig(
      `dpop.algorithms must be a non-empty subset of ${DPOP_ALGORITHMS.join(', ')}.`
    )
  if (
    !Number.isInteger(proofWindowSeconds) ||
    proofWindowSeconds < 1 ||
    proofWindowSeconds > MAX_WINDOW_SECONDS
  )
    throw invalidConfig(
      `dpop.proofWindowSeconds (DPOP_PROOF_WINDOW_SECONDS) must be a whole number from 1 to ${MAX_WINDOW_SECONDS}.`
    )
  const nonces =
    nonce === undefined
      ? undefined
      : createDpopNonces({
          secret: nonce.secret,
          stepSeconds: nonce.stepSeconds ?? DPOP_DEFAULTS.nonceStepSeconds,
          now,
        })
  const verify = createDpopVerifier({
    algorithms,
    proofWindowSeconds,
    now,
    replayCache,
    ...(nonces === undefined ? {} : { nonces }),
  })
  return { mode, verify, ...(nonces === undefined ? {} : { nonces }) }
}

function wholeCount(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw invalidConfig('dpop.replayCacheSize must be a whole number, at least 1.')
  return value
}

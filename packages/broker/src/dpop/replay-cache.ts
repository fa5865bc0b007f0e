/**
 * Remembers which DPoP proofs were already used, so a proof copied from a request is refused
 * (RFC 9449 §11.1).
 *
 * @example
 * const cache: DpopReplayCache = { claim: async (id, until) => durableObject.claim(id, until) }
 */
export interface DpopReplayCache {
  /**
   * Records `id` until `expiresAt` (epoch ms) and answers `true`, or answers `false` if `id` was
   * already recorded and has not expired.
   */
  claim(id: string, expiresAt: number): boolean | Promise<boolean>
}

/**
 * Options of `createMemoryReplayCache`.
 *
 * @example
 * const options: MemoryReplayCacheOptions = { maxEntries: 20_000, now: Date.now }
 */
export interface MemoryReplayCacheOptions {
  /** Entries kept at most. Default: 20 000 (a few MB at most). */
  maxEntries?: number
  /** Clock, in epoch milliseconds. */
  now: () => number
}

/**
 * A replay cache in memory: it covers one isolate (Workers) or one process (Node). A proof
 * replayed to another isolate within the proof window is not caught; a cache shared by every
 * isolate needs a Durable Object behind the same interface.
 *
 * Memory is bounded: expired entries go first, and if `maxEntries` unexpired ones are kept, the
 * oldest is dropped, so under a flood of more than `maxEntries` proofs per window the oldest lose
 * their replay protection (availability is kept; their `iat` window still bounds them).
 *
 * @example
 * const cache = createMemoryReplayCache({ now: Date.now })
 * if (!cache.claim(`${jkt}.${jti}`, (iat + 60) * 1000)) throw new Error('replayed')
 */
export function createMemoryReplayCache({
  maxEntries = 20_000,
  now,
}: MemoryReplayCacheOptions): DpopReplayCache {
  // Insertion order is roughly expiry order (expiry = iat + window), so sweeping from the front
  // frees almost every expired entry in amortised constant time.
  const seen = new Map<string, number>()
  function sweep(at: number) {
    for (const [id, expiresAt] of seen) {
      if (expiresAt > at && seen.size < maxEntries) return
      seen.delete(id)
    }
  }
  return {
    claim(id, expiresAt) {
      const at = now()
      const known = seen.get(id)
      if (known !== undefined && known > at) return false
      seen.delete(id)
      sweep(at)
      seen.set(id, expiresAt)
      return true
    },
  }
}

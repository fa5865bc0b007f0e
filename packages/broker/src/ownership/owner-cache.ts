/**
 * A video's owner as its metadata says: a `sub`, or `null` for a video nobody owns (created
 * outside the broker, or with an upload token used without its video id).
 */
export type Owner = string | null

export interface OwnerCacheOptions {
  ttlSeconds: number
  /** Entries kept at most; the least recently used goes first. */
  size: number
  now: () => number
}

/**
 * Each isolate's memory of video owners: bounded in time and size. Owners never change, so an
 * entry can only go stale when its video is deleted, by this isolate (which evicts it) or another
 * (whose later calls api.video answers 404 for the owner itself). Concurrent lookups of one video
 * share one upstream read.
 *
 * @example
 * const owner = await cache.resolve(videoId, () => readOwner(videoId))
 */
export interface OwnerCache {
  /** The cached owner, or `read()`'s, shared by concurrent callers; `undefined` (missing) is not kept. */
  resolve(videoId: string, read: () => Promise<Owner | undefined>): Promise<Owner | undefined>
  /** Records an owner the broker knows without reading it (a video it just created). */
  remember(videoId: string, owner: Owner): void
  /** Forgets a video (it was deleted). */
  evict(videoId: string): void
  readonly size: number
}

interface Entry {
  owner: Owner
  expiresAt: number
}

export function createOwnerCache({ ttlSeconds, size, now }: OwnerCacheOptions): OwnerCache {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const entries = new Map<string, Entry>()
  const pending = new Map<string, Promise<Owner | undefined>>()

  function remember(videoId: string, owner: Owner): void {
    if (size === 0 || ttlSeconds === 0) return
    entries.delete(videoId)
    entries.set(videoId, { owner, expiresAt: now() + ttlSeconds * 1000 })
    for (const oldest of entries.keys()) {
      if (entries.size <= size) break
      entries.delete(oldest)
    }
  }

  function cached(videoId: string): Entry | undefined {
    const entry = entries.get(videoId)
    if (entry === undefined) return undefined
    entries.delete(videoId)
    if (entry.expiresAt <= now()) return undefined
    entries.set(videoId, entry)
    return entry
  }

  return {
    async resolve(videoId, read) {
      const entry = cached(videoId)
      if (entry !== undefined) return entry.owner
      const inFlight = pending.get(videoId)
      if (inFlight !== undefined) return inFlight
      const lookup = read().then((owner) => {
        if (owner !== undefined) remember(videoId, owner)
        return owner
      })
      pending.set(videoId, lookup)
      try {
        return await lookup
      } finally {
        pending.delete(videoId)
      }
    },
    remember,
    evict(videoId) {
      entries.delete(videoId)
    },
    get size() {
      return entries.size
    },
  }
}

import { type InvalidParam, reservedMetadata } from '../errors.ts'

/** One entry of a video's `metadata` list, as api.video takes it. */
export interface MetadataEntry {
  key: string
  value: string
}

/**
 * Whether a key is the reserved one. Compared without case or surrounding spaces, so a
 * look-alike (`Keyward:Owner `) cannot pass for, or be mistaken for, the owner entry.
 */
export function isReservedKey(key: string, reserved: string): boolean {
  return key.trim().toLowerCase() === reserved.toLowerCase()
}

/**
 * A video body with its owner entry: caller metadata touching the reserved key is refused, and
 * the owner's entry is appended. api.video replaces the whole list when `metadata` is sent
 * (https://docs.api.video/reference/api/Videos#update-a-video-object), so an update that sends
 * one gets the owner entry back; one that sends none leaves the stored list, owner included, alone.
 * `owner: null` (a video nobody owns) only refuses the reserved key.
 */
export function stampOwner(
  body: Record<string, unknown>,
  { reserved, owner, always }: { reserved: string; owner: string | null; always: boolean }
): Record<string, unknown> {
  if (!always && !Object.hasOwn(body, 'metadata')) return body
  const metadata = Array.isArray(body.metadata) ? (body.metadata as unknown[]) : []
  metadata.forEach((entry, index) => {
    const key = (entry as Partial<MetadataEntry> | null)?.key
    if (typeof key === 'string' && isReservedKey(key, reserved)) {
      throw reservedMetadata(reserved, reservedParam('body', `/metadata/${index}/key`))
    }
  })
  if (owner === null) return body
  return { ...body, metadata: [...metadata, { key: reserved, value: owner }] }
}

export function reservedParam(place: InvalidParam['in'], name: string): InvalidParam {
  return { in: place, name, reason: 'is reserved for the video owner' }
}

import { upstreamError } from '../errors.ts'
import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import { refuseUpstream } from '../proxy/relay.ts'
import type { Owner } from './owner-cache.ts'

export interface OwnerLookupOptions {
  client: ApiVideoClient
  metadataKey: string
  timeoutMs: number
  logger: BrokerLogger
  secrets: SecretRegistry
}

/**
 * Reads a video's owner from api.video with the broker's own token: `GET /videos/{id}` (or
 * `/discarded/videos/{id}` for a discarded one). `undefined` when api.video has no such video;
 * any other failure is the broker's usual upstream problem.
 */
export function ownerLookup({
  client,
  metadataKey,
  timeoutMs,
  logger,
  secrets,
}: OwnerLookupOptions) {
  return async function readOwner(
    videoId: string,
    {
      discarded,
      waitUntil,
    }: { discarded: boolean; waitUntil: ((promise: Promise<unknown>) => void) | undefined }
  ): Promise<Owner | undefined> {
    const res = await client.call({
      method: 'GET',
      path: `${discarded ? '/discarded' : ''}/videos/${videoId}`,
      headers: { accept: 'application/json' },
      body: { kind: 'none' },
      timeoutMs,
      waitUntil,
    })
    if (res.status === 404) {
      await res.body?.cancel()
      return undefined
    }
    if (res.status >= 400)
      await refuseUpstream(res, { logger, secrets, operation: 'ownership.lookup' })
    if (res.status !== 200) {
      await res.body?.cancel()
      throw upstreamError(`api.video answered ${res.status} to a video lookup.`)
    }
    const video = (await res.json().catch(() => ({}))) as { metadata?: unknown }
    return ownerOf(video.metadata, metadataKey)
  }
}

/** The value of the reserved entry, or `null`: api.video's metadata is a list of `{key, value}`. */
export function ownerOf(metadata: unknown, metadataKey: string): Owner {
  if (!Array.isArray(metadata)) return null
  const entry = metadata.find(
    (item: unknown) => (item as { key?: unknown } | null)?.key === metadataKey
  ) as { value?: unknown } | undefined
  return typeof entry?.value === 'string' ? entry.value : null
}

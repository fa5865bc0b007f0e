import { upstreamError } from '../errors.ts'
import { jsonBytes } from '../http/json-body.ts'
import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import { refuseUpstream } from '../proxy/relay.ts'

/** The title of a video created for an upload token when the caller gives none. */
export const DEFAULT_TITLE = 'Untitled'

export interface OwnedVideoOptions {
  client: ApiVideoClient
  metadataKey: string
  timeoutMs: number
  logger: BrokerLogger
  secrets: SecretRegistry
  waitUntil: ((promise: Promise<unknown>) => void) | undefined
}

/**
 * Creates an empty video owned by `owner` (`POST /videos {title, metadata}`), for an upload
 * token to fill: the uploader names it with `videoId` (https://docs.api.video/vod/upload-a-video).
 * Returns its id and a way to delete it again if what follows fails.
 */
export async function createOwnedVideo(
  { client, metadataKey, timeoutMs, logger, secrets, waitUntil }: OwnedVideoOptions,
  { title, owner }: { title: string; owner: string }
): Promise<{ videoId: string; discard: () => Promise<void> }> {
  const call = (method: string, path: string, body?: unknown) =>
    client.call({
      method,
      path,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: jsonBytes(body) },
      timeoutMs,
      waitUntil,
    })
  const res = await call('POST', '/videos', {
    title,
    metadata: [{ key: metadataKey, value: owner }],
  })
  if (!res.ok) await refuseUpstream(res, { logger, secrets, operation: 'ownership.create-video' })
  const { videoId } = (await res.json().catch(() => ({}))) as { videoId?: unknown }
  if (typeof videoId !== 'string' || !/^vi[0-9A-Za-z]{22}$/.test(videoId)) {
    throw upstreamError('api.video sent an unexpected video id.')
  }
  const discard = async () => {
    const deleted = await call('DELETE', `/videos/${videoId}`).catch((error: unknown) => {
      logger.warn('ownership.orphan_video', { videoId, error: String(error) })
      return undefined
    })
    await deleted?.body?.cancel()
  }
  return { videoId, discard }
}

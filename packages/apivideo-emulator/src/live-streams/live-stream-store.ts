import { atomDate } from '../clock.ts'
import { base62 } from '../ids.ts'
import type { AssetBases } from '../videos/assets.ts'

/** A restream destination (OpenAPI schemas `restreams-request-object` and `-response-object`). */
export interface Restream {
  name: string
  serverUrl: string
  streamKey: string
}

/** The documented LiveStreamAssets object (OpenAPI schema `live-stream-assets`). */
export interface LiveStreamAssets {
  iframe: string
  player: string
  hls: string
  thumbnail: string
}

/** The documented LiveStream object (OpenAPI schema `live-stream`). */
export interface LiveStream {
  liveStreamId: string
  name: string
  streamKey: string
  public: boolean
  assets: LiveStreamAssets
  playerId?: string
  broadcasting: boolean
  restreams: Restream[]
  createdAt: string
  updatedAt: string
}

/** What a caller may set (`POST /live-streams`, `PATCH /live-streams/{id}`). */
export interface LiveStreamFields {
  name: string
  public: boolean
  playerId: string | undefined
  restreams: Restream[]
}

export interface LiveStreamRecord extends LiveStreamFields {
  liveStreamId: string
  streamKey: string
  broadcasting: boolean
  /** Emulator-clock epoch ms of the current broadcast's start, while broadcasting. */
  broadcastStartedAt: number | null
  /** A custom thumbnail was uploaded (`POST /live-streams/{id}/thumbnail`). */
  hasThumbnail: boolean
  createdAt: number
  updatedAt: number
}

export const LIVE_STREAM_ID = /^li[0-9A-Za-z]{22}$/
export const newLiveStreamId = (): string => `li${base62(22)}`

export type LiveStreamStore = ReturnType<typeof createLiveStreamStore>

/** Live streams by id, in creation order; records are copied in and out. */
export function createLiveStreamStore(now: () => number) {
  const streams = new Map<string, LiveStreamRecord>()
  const copy = (record: LiveStreamRecord | undefined) => record && structuredClone(record)

  return {
    create(fields: Partial<LiveStreamFields> & { name: string }): LiveStreamRecord {
      const at = now()
      const record: LiveStreamRecord = {
        public: true,
        playerId: undefined,
        restreams: [],
        ...fields,
        liveStreamId: newLiveStreamId(),
        // The OAS examples show UUIDs as stream keys.
        streamKey: crypto.randomUUID(),
        broadcasting: false,
        broadcastStartedAt: null,
        hasThumbnail: false,
        createdAt: at,
        updatedAt: at,
      }
      streams.set(record.liveStreamId, record)
      return structuredClone(record)
    },
    get: (liveStreamId: string) => copy(streams.get(liveStreamId)),
    /** Replaces the given fields (`restreams` replaces the whole list, as the OAS says). */
    update(
      liveStreamId: string,
      fields: Partial<
        LiveStreamFields &
          Pick<LiveStreamRecord, 'hasThumbnail' | 'broadcasting'> & {
            broadcastStartedAt: number | null
          }
      >
    ): LiveStreamRecord | undefined {
      const record = streams.get(liveStreamId)
      if (!record) return undefined
      Object.assign(record, fields, { updatedAt: now() })
      return structuredClone(record)
    },
    delete: (liveStreamId: string): boolean => streams.delete(liveStreamId),
    list: (): LiveStreamRecord[] => [...streams.values()].map((record) => structuredClone(record)),
    reset: (): void => streams.clear(),
  }
}

/** Live assets in the shapes of the OAS example (`live.api.video`, `embed.api.video/live`). */
export function liveStreamAssets(
  record: LiveStreamRecord,
  bases: LiveAssetBases
): LiveStreamAssets {
  const id = record.liveStreamId
  // Private streams get a fresh token per answer, as private videos do.
  const token = record.public ? undefined : crypto.randomUUID()
  const player = `${bases.embed}/live/${id}${token ? `?token=${token}` : ''}`
  const live = token ? `${bases.live}/private/${token}/${id}` : `${bases.live}/${id}`
  return {
    iframe: `<iframe src="${player}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen=""></iframe>`,
    player,
    hls: `${live}.m3u8`,
    thumbnail: `${live}/thumbnail.jpg`,
  }
}

export interface LiveAssetBases {
  live: string
  embed: string
}

/** `live.api.video` stands beside `cdn.api.video`; local mode serves both from the emulator. */
export function liveAssetBases(bases: AssetBases): LiveAssetBases {
  const live = bases.cdn.replace(/^https:\/\/cdn\.api\.video$/, 'https://live.api.video')
  return { live, embed: bases.embed }
}

/** The LiveStream object as the API answers it. */
export function renderLiveStream(record: LiveStreamRecord, bases: AssetBases): LiveStream {
  const stream: LiveStream = {
    liveStreamId: record.liveStreamId,
    name: record.name,
    streamKey: record.streamKey,
    public: record.public,
    assets: liveStreamAssets(record, liveAssetBases(bases)),
    broadcasting: record.broadcasting,
    restreams: record.restreams.map((restream) => ({ ...restream })),
    createdAt: atomDate(record.createdAt),
    updatedAt: atomDate(record.updatedAt),
  }
  if (record.playerId !== undefined) stream.playerId = record.playerId
  return stream
}

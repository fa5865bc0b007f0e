import { atomDate } from '../clock.ts'
import { newVideoId } from '../ids.ts'
import type { MetadataEntry } from '../validation.ts'
import { type AssetBases, type VideoAssets, videoAssets } from './assets.ts'

/** The documented Video object (OpenAPI schema `video`). */
export interface Video {
  videoId: string
  createdAt: string
  title: string
  description: string
  publishedAt: string
  updatedAt: string
  discardedAt: string | null
  deletesAt: string | null
  discarded: boolean
  /** Present only once set: the OAS types it as a non-null string. */
  language?: string
  languageOrigin: 'api' | 'auto' | null
  tags: string[]
  metadata: MetadataEntry[]
  source: {
    uri: string
    /** Set on the recording of a live stream broadcast. */
    liveStream?: { liveStreamId: string; links: Array<{ rel: string; uri: string }> }
  }
  assets: VideoAssets
  playerId?: string
  public: boolean
  panoramic: boolean
  mp4Support: boolean
}

/** What a caller may set on a video (`POST /videos`, `PATCH /videos/{id}`). */
export interface VideoFields {
  title: string
  description: string
  tags: string[]
  metadata: MetadataEntry[]
  public: boolean
  panoramic: boolean
  mp4Support: boolean
  playerId: string | undefined
  language: string | undefined
  /** The live stream whose broadcast this video records (`GET /videos?liveStreamId=`). */
  liveStreamId?: string
}

export interface VideoRecord extends VideoFields {
  videoId: string
  createdAt: number
  updatedAt: number
  /** Bumped by each thumbnail upload or pick, so `assets.thumbnail` changes. */
  thumbnailVersion: number
}

export const DEFAULT_VIDEO_FIELDS: Omit<VideoFields, 'title'> = {
  description: '',
  tags: [],
  metadata: [],
  public: true,
  panoramic: false,
  mp4Support: true,
  playerId: undefined,
  language: undefined,
}

export type VideoStore = ReturnType<typeof createVideoStore>

/** Videos by id, in creation order. Records are copied in and out: callers never share state. */
export function createVideoStore(now: () => number) {
  const videos = new Map<string, VideoRecord>()

  return {
    create(fields: Partial<VideoFields> & { title: string }): VideoRecord {
      const at = now()
      const record: VideoRecord = {
        ...DEFAULT_VIDEO_FIELDS,
        ...fields,
        videoId: newVideoId(),
        createdAt: at,
        updatedAt: at,
        thumbnailVersion: 0,
      }
      videos.set(record.videoId, record)
      return structuredClone(record)
    },
    get(videoId: string): VideoRecord | undefined {
      const record = videos.get(videoId)
      return record && structuredClone(record)
    },
    /** Replaces the given fields (arrays replace, as `PATCH` documents) and bumps `updatedAt`. */
    update(videoId: string, fields: Partial<VideoFields>): VideoRecord | undefined {
      const record = videos.get(videoId)
      if (!record) return undefined
      Object.assign(record, fields, { updatedAt: now() })
      return structuredClone(record)
    },
    bumpThumbnail(videoId: string): VideoRecord | undefined {
      const record = videos.get(videoId)
      if (!record) return undefined
      Object.assign(record, { thumbnailVersion: record.thumbnailVersion + 1, updatedAt: now() })
      return structuredClone(record)
    },
    /** Puts back a record taken out with `delete` (a restored discarded video). */
    insert(record: VideoRecord): void {
      videos.set(record.videoId, structuredClone(record))
    },
    touch(videoId: string): void {
      const record = videos.get(videoId)
      if (record) record.updatedAt = now()
    },
    delete: (videoId: string): boolean => videos.delete(videoId),
    list: (): VideoRecord[] => [...videos.values()].map((record) => structuredClone(record)),
    reset: (): void => videos.clear(),
  }
}

/** The Video object as the API answers it, with assets on `bases`. */
export function renderVideo(record: VideoRecord, bases: AssetBases): Video {
  const video: Video = {
    videoId: record.videoId,
    createdAt: atomDate(record.createdAt),
    title: record.title,
    description: record.description,
    // "The date and time the API created the video" (OAS `video.publishedAt`).
    publishedAt: atomDate(record.createdAt),
    updatedAt: atomDate(record.updatedAt),
    discardedAt: null,
    deletesAt: null,
    discarded: false,
    languageOrigin: record.language === undefined ? null : 'api',
    tags: [...record.tags],
    metadata: record.metadata.map((entry) => ({ ...entry })),
    source: { uri: `/videos/${record.videoId}/source` },
    assets: videoAssets(record.videoId, bases, {
      isPublic: record.public,
      mp4Support: record.mp4Support,
      thumbnailVersion: record.thumbnailVersion,
    }),
    public: record.public,
    panoramic: record.panoramic,
    mp4Support: record.mp4Support,
  }
  if (record.language !== undefined) video.language = record.language
  if (record.playerId !== undefined) video.playerId = record.playerId
  if (record.liveStreamId !== undefined) {
    const uri = `/live-streams/${record.liveStreamId}`
    video.source.liveStream = { liveStreamId: record.liveStreamId, links: [{ rel: 'self', uri }] }
  }
  return video
}

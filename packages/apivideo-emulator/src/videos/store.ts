import { atomDate } from '../clock.ts'
import { newVideoId } from '../ids.ts'

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
  language: string | null
  languageOrigin: 'api' | 'auto' | null
  tags: string[]
  metadata: Array<{ key: string; value: string }>
  source: { uri: string }
  assets: {
    iframe: string
    player: string
    hls: string
    thumbnail: string
    mp4?: string
  }
  playerId?: string
  public: boolean
  panoramic: boolean
  mp4Support: boolean
}

export interface VideoInit {
  title: string
  description?: string
  tags?: string[]
  metadata?: Array<{ key: string; value: string }>
  public?: boolean
  panoramic?: boolean
  mp4Support?: boolean
}

export interface AssetBases {
  cdnBaseUrl: string
  embedBaseUrl: string
}

export type VideoStore = ReturnType<typeof createVideoStore>

export function createVideoStore(bases: AssetBases, now: () => number) {
  const videos = new Map<string, Video>()

  return {
    create(init: VideoInit): Video {
      const videoId = newVideoId()
      const date = atomDate(now())
      const mp4Support = init.mp4Support ?? true
      const video: Video = {
        videoId,
        createdAt: date,
        title: init.title,
        description: init.description ?? '',
        publishedAt: date,
        updatedAt: date,
        discardedAt: null,
        deletesAt: null,
        discarded: false,
        language: null,
        languageOrigin: null,
        tags: init.tags ?? [],
        metadata: init.metadata ?? [],
        source: { uri: `/videos/${videoId}/source` },
        assets: assets(bases, videoId, mp4Support),
        public: init.public ?? true,
        panoramic: init.panoramic ?? false,
        mp4Support,
      }
      videos.set(videoId, video)
      return structuredClone(video)
    },
    get: (videoId: string): Video | undefined => {
      const video = videos.get(videoId)
      return video && structuredClone(video)
    },
    list: (): Video[] => [...videos.values()].map((video) => structuredClone(video)),
    reset: (): void => videos.clear(),
  }
}

function assets(bases: AssetBases, videoId: string, mp4Support: boolean): Video['assets'] {
  const player = `${bases.embedBaseUrl}/vod/${videoId}`
  const cdn = `${bases.cdnBaseUrl}/vod/${videoId}`
  return {
    iframe: `<iframe src="${player}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen=""></iframe>`,
    player,
    hls: `${cdn}/hls/manifest.m3u8`,
    thumbnail: `${cdn}/thumbnail.jpg`,
    ...(mp4Support ? { mp4: `${cdn}/mp4/source.mp4` } : {}),
  }
}

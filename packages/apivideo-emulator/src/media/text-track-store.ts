import type { LanguageTag } from './language-tag.ts'

/** One WebVTT file of a video in one language: a caption or a chapter track. */
export interface TextTrack {
  language: string
  nativeName: string
  /** The file as uploaded, so the emulator can serve it at `src`. */
  vtt: string
  /** Captions only: the one track a player shows by default. */
  isDefault: boolean
}

export type TextTrackStore = ReturnType<typeof createTextTrackStore>

/**
 * Tracks by video, then by canonical language tag, in upload order. Uploading a language again
 * replaces its file and keeps its `default` flag.
 */
export function createTextTrackStore() {
  let videos = new Map<string, Map<string, TextTrack>>()
  const tracksOf = (videoId: string) => videos.get(videoId) ?? new Map<string, TextTrack>()
  return {
    put(videoId: string, { tag, nativeName }: LanguageTag, vtt: string): TextTrack {
      const tracks = tracksOf(videoId)
      const isDefault = tracks.get(tag)?.isDefault ?? false
      const track: TextTrack = { language: tag, nativeName, vtt, isDefault }
      tracks.set(tag, track)
      videos.set(videoId, tracks)
      return { ...track }
    },
    get(videoId: string, tag: string): TextTrack | undefined {
      const track = videos.get(videoId)?.get(tag)
      return track && { ...track }
    },
    list: (videoId: string): TextTrack[] => [...tracksOf(videoId).values()].map((t) => ({ ...t })),
    /** Sets or clears the default flag; setting it clears it on the video's other tracks. */
    setDefault(videoId: string, tag: string, isDefault: boolean): TextTrack | undefined {
      const tracks = videos.get(videoId)
      const track = tracks?.get(tag)
      if (!(tracks && track)) return undefined
      if (isDefault) for (const other of tracks.values()) other.isDefault = false
      track.isDefault = isDefault
      return { ...track }
    },
    delete: (videoId: string, tag: string): boolean => videos.get(videoId)?.delete(tag) ?? false,
    /** Drops every track of a video that no longer exists. */
    forget(videoId: string): void {
      videos.delete(videoId)
    },
    count: (): number => [...videos.values()].reduce((sum, tracks) => sum + tracks.size, 0),
    reset(): void {
      videos = new Map()
    },
  }
}

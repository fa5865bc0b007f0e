import type { Context } from 'hono'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import { assetBases } from '../videos/assets.ts'
import { find } from '../videos/video-routes.ts'
import type { VideoStore } from '../videos/video-store.ts'
import { readFilePart } from './file-part.ts'
import { readLanguageTag } from './language-tag.ts'
import type { TextTrack, TextTrackStore } from './text-track-store.ts'
import { readWebVtt } from './webvtt.ts'

/** Text tracks are small; api.video documents no limit, so this is the emulator's own bound. */
export const MAX_TEXT_TRACK_BYTES = 8 * 1024 * 1024

export interface TextTrackDeps {
  videos: VideoStore
  tracks: TextTrackStore
  options: ResolvedOptions
}

/** What caption and chapter routes share: the video, the language, the file, the track. */
export function textTrackHelpers({ videos, tracks, options }: TextTrackDeps) {
  const videoOf = (c: Context) => find(videos, c.req.param('videoId') ?? '').videoId
  return {
    videoOf,
    /** The video (404), then the language (400), as the path reads. */
    target(c: Context) {
      const videoId = videoOf(c)
      return { videoId, language: readLanguageTag(c.req.param('language') ?? '') }
    },
    existing(videoId: string, tag: string): TextTrack {
      const track = tracks.get(videoId, tag)
      if (!track) throw new ApiProblem('resource-not-found', { name: 'language' })
      return track
    },
    async readVtt(c: Context): Promise<string> {
      const limit = Math.min(MAX_TEXT_TRACK_BYTES, options.maxUploadBytes)
      return readWebVtt((await readFilePart(c.req.raw, limit)).bytes)
    },
    /** `src`: the CDN's `/vod/{videoId}/{kind}/{language}.vtt`, or its local copy. */
    src(c: Context, videoId: string, kind: 'captions' | 'chapters', tag: string): string {
      return `${assetBases(options, c.req.url).cdn}/vod/${videoId}/${kind}/${tag}.vtt`
    },
  }
}

import type { ImageType } from '../media/image-type.ts'

/** A video's chosen thumbnail: an uploaded image, or a frame picked by timecode. */
export type Thumbnail =
  | { kind: 'image'; type: ImageType; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'frame'; timecode: string; seconds: number }

export type ThumbnailStore = ReturnType<typeof createThumbnailStore>

/** Custom thumbnails by video; a video without one shows the emulator's placeholder. */
export function createThumbnailStore() {
  let thumbnails = new Map<string, Thumbnail>()
  return {
    set(videoId: string, thumbnail: Thumbnail): void {
      thumbnails.set(videoId, thumbnail)
    },
    get: (videoId: string): Thumbnail | undefined => thumbnails.get(videoId),
    forget(videoId: string): void {
      thumbnails.delete(videoId)
    },
    count: (): number => thumbnails.size,
    reset(): void {
      thumbnails = new Map()
    },
  }
}

import type { ResolvedOptions } from '../options.ts'

/** The documented VideoAssets object (OpenAPI schema `video-assets`). */
export interface VideoAssets {
  iframe: string
  player: string
  hls: string
  thumbnail: string
  mp4?: string
}

export interface AssetBases {
  cdn: string
  embed: string
}

/** Where the placeholders are served in `'local'` mode; it mirrors the CDN's `/vod/...` layout. */
export const LOCAL_ASSETS_PATH = '/_emulator/assets'

/** Bases for a response to `requestUrl`: api.video's hosts, or this emulator's own origin. */
export function assetBases(options: ResolvedOptions, requestUrl: string): AssetBases {
  if (options.assets === 'cdn') return { cdn: options.cdnBaseUrl, embed: options.embedBaseUrl }
  const local = `${new URL(requestUrl).origin}${LOCAL_ASSETS_PATH}`
  return { cdn: local, embed: local }
}

/**
 * Asset URLs in the shapes of the OAS examples. A private video gets a fresh session token in
 * every answer ("For private videos, it will generate a unique token url", OAS `GET /videos/{id}`).
 */
export function videoAssets(
  videoId: string,
  bases: AssetBases,
  {
    isPublic,
    mp4Support,
    thumbnailVersion = 0,
  }: { isPublic: boolean; mp4Support: boolean; thumbnailVersion?: number }
): VideoAssets {
  const token = isPublic ? undefined : crypto.randomUUID()
  const player = `${bases.embed}/vod/${videoId}${token ? `?token=${token}` : ''}`
  const cdn = `${bases.cdn}/vod/${videoId}${token ? `/token/${token}` : ''}`
  return {
    iframe: `<iframe src="${player}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen=""></iframe>`,
    player,
    hls: `${cdn}/hls/manifest.m3u8`,
    // A changed thumbnail gets a new URL: the version busts caches, the path stays the CDN's.
    thumbnail: `${cdn}/thumbnail.jpg${thumbnailVersion > 0 ? `?v=${thumbnailVersion}` : ''}`,
    ...(mp4Support ? { mp4: `${cdn}/mp4/source.mp4` } : {}),
  }
}

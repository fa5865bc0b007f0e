/** A 16:9 SVG thumbnail: a colour drawn from the video id, a play mark and the title. */
export function thumbnailSvg(videoId: string, title: string): string {
  let hash = 0
  for (const char of videoId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  const hue = hash % 360
  const text = escapeXml(title.length > 40 ? `${title.slice(0, 39)}…` : title)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue} 60% 42%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 65% 22%)"/>
</linearGradient></defs>
<rect width="640" height="360" fill="url(#g)"/>
<circle cx="320" cy="160" r="48" fill="rgba(255,255,255,0.85)"/>
<path d="M305 135 L345 160 L305 185 Z" fill="hsl(${hue} 60% 32%)"/>
<text x="320" y="270" font-family="system-ui, sans-serif" font-size="26" fill="#fff" text-anchor="middle">${text}</text>
<text x="320" y="305" font-family="ui-monospace, monospace" font-size="14" fill="rgba(255,255,255,0.7)" text-anchor="middle">${videoId} · apivideo-emulator</text>
</svg>
`
}

/** A two-line HLS playlist: enough for "is it playable?" polls, not for playback. */
export function hlsManifest(): string {
  return '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/manifest.m3u8\n'
}

/** The `player` page: the thumbnail with the title, since no media bytes are kept. */
export function playerHtml(videoId: string, title: string, thumbnailUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>html,body{margin:0;height:100%;background:#000}img{width:100%;height:100%;object-fit:contain}</style>
</head><body><img src="${escapeXml(thumbnailUrl)}" alt="${escapeXml(title)} (${videoId}, emulated: no media)"></body></html>
`
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

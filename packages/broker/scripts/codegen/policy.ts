/**
 * The broker's policy over api.video's operations, as a few rules over paths and methods (never a
 * per-operation list): what a browser may never reach, which scope each operation needs, what a
 * path parameter may look like, and which request fields widen what a browser can do.
 */

/**
 * Never forwarded, whatever the scope: credentials (`/auth/*`), delegated upload tokens (the
 * broker's own `/v1/upload-token` mediates them), uploads made with such a token (they go straight
 * to api.video) and webhooks (server-side configuration carrying a signing secret).
 */
export function neverFromABrowser(method: string, path: string): boolean {
  return (
    path.startsWith('/auth/') ||
    path.startsWith('/upload-tokens') ||
    (method === 'POST' && path === '/upload') ||
    path.startsWith('/webhooks')
  )
}

/** The scope family of each api.video path family. */
const FAMILIES: Record<string, string> = {
  videos: 'videos',
  tags: 'videos',
  summaries: 'videos',
  discarded: 'videos',
  'live-streams': 'livestreams',
  players: 'players',
  watermarks: 'watermarks',
  data: 'analytics',
}

/** Resources whose own DELETE needs the family's `:delete` scope; other deletes are writes. */
const DELETABLE = /^\/(videos|live-streams|players|watermarks)\/\{[A-Za-z]+\}$/

/**
 * `family:read` for reads, `family:delete` for deleting a resource itself, `family:write` for the
 * rest (sub-resources such as captions or a logo included); a video's source upload keeps its own
 * `videos:upload`.
 */
export function scopeOf(method: string, path: string): string {
  const segment = path.split('/')[1] ?? ''
  const family = FAMILIES[segment]
  if (family === undefined) throw new Error(`No scope family for ${method} ${path}`)
  if (family === 'analytics') {
    if (method !== 'GET') throw new Error(`Analytics are read-only: ${method} ${path}`)
    return 'analytics:read'
  }
  if (method === 'POST' && path === '/videos/{videoId}/source') return 'videos:upload'
  if (method === 'GET') return `${family}:read`
  if (method === 'DELETE' && DELETABLE.test(path)) return `${family}:delete`
  return `${family}:write`
}

const ID = '[0-9A-Za-z]{22}'
const SAMPLE_ID = '0123456789abcdefABCDEF'

/**
 * What a path parameter without an enum looks like on api.video: an identifier is a prefix and 22
 * base62 characters. A shape is plain letters, digits, `_` and `-`, so a dot segment or a
 * percent-encoded variant never matches: deny by default. The generated table hands these to
 * `ruleMaker`, which builds each operation's pattern from its path.
 */
export const PARAMETER_SHAPES: Readonly<Record<string, string>> = {
  videoId: `vi${ID}`,
  liveStreamId: `li${ID}`,
  playerId: `pl${ID}`,
  watermarkId: `watermark_${ID}`,
  summaryId: `summary_${ID}`,
  // An IETF language tag with dashes only, as api.video's captions and chapters take it.
  language: '[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}',
}

/** A value a path parameter's pattern matches: its first enum value or its shape, for the tests. */
export function parameterSample(name: string, values: readonly string[] | undefined): string {
  if (values !== undefined) return values[0] as string
  if (name === 'language') return 'en'
  const shape = PARAMETER_SHAPES[name]
  if (shape === undefined) throw new Error(`No shape for the path parameter ${name}`)
  return shape.replace(ID, SAMPLE_ID)
}

/** A request field that widens what a browser can do, and the value that is harmless. */
export interface SensitiveField {
  name: string
  /** This value narrows rather than widens (`public: false`), so it is always accepted. */
  harmless?: false | []
}

/**
 * Fields refused unless the deployment allows them: importing from a URL or copying a video
 * (`source`), making content public (`public`), pushing a live stream to any RTMP server
 * (`restreams`).
 */
export function sensitiveFields(
  method: string,
  path: string,
  properties: string[]
): SensitiveField[] {
  const fields: SensitiveField[] = []
  if (method === 'POST' && path === '/videos' && properties.includes('source')) {
    fields.push({ name: 'source' })
  }
  if (/^\/(videos|live-streams)(\/\{[A-Za-z]+\})?$/.test(path) && properties.includes('public')) {
    fields.push({ name: 'public', harmless: false })
  }
  if (path.startsWith('/live-streams') && properties.includes('restreams')) {
    fields.push({ name: 'restreams', harmless: [] })
  }
  return fields
}

/** Sizes api.video's descriptions state, such as "a maximum of 100 KiB". */
export function declaredSize(description: string): number | undefined {
  const match = /maximum of (\d+) ?(KiB|MiB)/i.exec(description)
  if (!match) return undefined
  return Number(match[1]) * (match[2]?.toLowerCase() === 'kib' ? 1024 : 1024 * 1024)
}

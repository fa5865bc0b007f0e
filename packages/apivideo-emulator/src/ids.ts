const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Random base62 text; ids on api.video are a two-letter prefix plus 22 base62 characters. */
export function base62(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  for (const byte of bytes) {
    // Rejection sampling keeps the distribution uniform: 248 = 4 * 62.
    if (byte < 248) out += BASE62[byte % 62]
    if (out.length === length) return out
  }
  return out + base62(length - out.length)
}

export const newVideoId = (): string => `vi${base62(22)}`
export const newUploadToken = (): string => `to${base62(22)}`
export const newProjectId = (): string => `pr${base62(21)}`
export const newApiKey = (): string => base62(43)

/** Refresh tokens are opaque; real ones are defuse/php-encryption hex starting `def50200`. */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(400))
  return `def50200${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export const VIDEO_ID = /^vi[0-9A-Za-z]{22}$/
export const UPLOAD_TOKEN = /^to[0-9A-Za-z]{22}$/

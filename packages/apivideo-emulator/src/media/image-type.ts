export type ImageType = 'jpeg' | 'png' | 'webp'

export const IMAGE_CONTENT_TYPES: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
}

/**
 * The image type from the file's signature, not its name: the Node.js client sends a Buffer as a
 * part named `file` with no extension. JPEG starts FF D8 FF, PNG with its 8-byte signature
 * (RFC 2083 §3.1), WebP with `RIFF....WEBP`.
 */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const starts = (offset: number, signature: number[]) =>
    signature.every((byte, index) => bytes[offset + index] === byte)
  if (starts(0, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50])) return 'webp'
  return undefined
}

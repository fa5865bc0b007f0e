import { ApiProblem } from '../problem.ts'
import { readFilePart } from './file-part.ts'
import { type ImageType, sniffImage } from './image-type.ts'

export interface ImageUpload {
  type: ImageType
  size: number
  width: number | undefined
  height: number | undefined
  /** The other text fields of the form (`link` for player logos). */
  fields: Record<string, string>
}

export interface ImageRules {
  /** Accepted types; the file's bytes decide, not its name. */
  types: readonly ImageType[]
  /** The title api.video gives `uploaded-file-extension-invalid` on this route. */
  invalidTitle: string
  maxBytes: number
  maxWidth?: number
  maxHeight?: number
}

/**
 * Reads a `multipart/form-data` image upload (live stream thumbnails, player logos): one file,
 * recognised by its signature bytes, within the route's size and dimension limits. Nothing is kept.
 */
export async function readImageForm(request: Request, rules: ImageRules): Promise<ImageUpload> {
  const { bytes, fields } = await readFilePart(request, rules.maxBytes)
  const type = sniffImage(bytes)
  if (type === undefined || !rules.types.includes(type)) {
    throw new ApiProblem('uploaded-file-extension-invalid', {
      name: 'file',
      title: rules.invalidTitle,
    })
  }
  const { width, height } = dimensions(type, bytes)
  const tooWide = rules.maxWidth !== undefined && width !== undefined && width > rules.maxWidth
  const tooHigh = rules.maxHeight !== undefined && height !== undefined && height > rules.maxHeight
  if (tooWide || tooHigh) {
    throw new ApiProblem('invalid-attribute', {
      name: 'file',
      detail: `The image must be at most ${rules.maxWidth}px wide and ${rules.maxHeight}px high.`,
      withProblems: true,
    })
  }
  return { type, size: bytes.byteLength, width, height, fields }
}

/** Width and height from the PNG IHDR chunk or a JPEG SOF marker; undefined when not found. */
function dimensions(type: ImageType, data: Uint8Array) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (type === 'png' && data.length >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) }
  }
  if (type === 'jpeg') {
    let offset = 2
    while (offset + 9 < data.length && data[offset] === 0xff) {
      const marker = data[offset + 1] ?? 0
      const length = view.getUint16(offset + 2)
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) }
      }
      offset += 2 + length
    }
  }
  return { width: undefined, height: undefined }
}

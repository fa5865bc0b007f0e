import { readLimitedBytes } from '../body.ts'
import { ApiProblem } from '../problem.ts'

export type ImageType = 'jpeg' | 'png' | 'webp'

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
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new ApiProblem('uploaded-file-no-file', { name: 'file', withProblems: true })
  }
  // Room for the multipart framing around the largest accepted file.
  const bytes = await readLimitedBytes(
    request,
    rules.maxBytes + 64 * 1024,
    'uploaded-file-too-large'
  )
  let form: FormData
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch (error) {
    throw new ApiProblem(
      'invalid-payload',
      { detail: 'The multipart body is malformed.' },
      {},
      error
    )
  }
  const files: File[] = []
  const fields: Record<string, string> = {}
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value
    else files.push(value)
  }
  const [file] = files
  if (!file) throw new ApiProblem('uploaded-file-no-file', { name: 'file', withProblems: true })
  if (files.length > 1) {
    throw new ApiProblem('uploaded-file-multiple-files', { name: 'file', withProblems: true })
  }
  if (file.size === 0) throw new ApiProblem('uploaded-file-empty', { name: 'file' })
  if (file.size > rules.maxBytes) throw new ApiProblem('uploaded-file-too-large', { name: 'file' })
  const data = new Uint8Array(await file.arrayBuffer())
  const type = imageType(data)
  if (type === undefined || !rules.types.includes(type)) {
    throw new ApiProblem('uploaded-file-extension-invalid', {
      name: 'file',
      title: rules.invalidTitle,
    })
  }
  const { width, height } = dimensions(type, data)
  const tooWide = rules.maxWidth !== undefined && width !== undefined && width > rules.maxWidth
  const tooHigh = rules.maxHeight !== undefined && height !== undefined && height > rules.maxHeight
  if (tooWide || tooHigh) {
    throw new ApiProblem('invalid-attribute', {
      name: 'file',
      detail: `The image must be at most ${rules.maxWidth}px wide and ${rules.maxHeight}px high.`,
      withProblems: true,
    })
  }
  return { type, size: file.size, width, height, fields }
}

function imageType(data: Uint8Array): ImageType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => data[i] === byte)
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to))
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  return undefined
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

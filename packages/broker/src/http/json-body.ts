import { invalidRequest, jsonTooDeep, payloadTooLarge } from '../errors.ts'

/**
 * The deepest nesting of arrays and objects a JSON body may have. api.video's own request bodies
 * nest three levels at most (a video's `metadata` list of objects); a deeper body is refused
 * before it is parsed, so no runtime's parser or serialiser can run out of stack on it.
 */
export const MAX_JSON_DEPTH = 32

/**
 * Reads an optional JSON object body (the broker's own routes, and proxied JSON operations) under
 * `limit` bytes: `undefined` when there is none; a body that is not a JSON object, or is not
 * labelled `application/json`, is a 400 `invalid_request`; one nested deeper than
 * `MAX_JSON_DEPTH`, a 400 `json_too_deep`.
 */
export async function readJsonObject(
  request: Request,
  limit: number
): Promise<Record<string, unknown> | undefined> {
  const length = request.headers.get('content-length')
  // A declared empty body (what fetch sends for a POST without one) is told from the header:
  // Node's server builds a whole Web Request and stream on the first read of `request.body`.
  if (length === '0' || request.body === null) return undefined
  const declared = Number(length ?? Number.NaN)
  if (declared > limit) throw payloadTooLarge(limit)
  const bytes = await readLimited(request.body, limit)
  if (bytes.byteLength === 0) return undefined
  const type = mediaType(request)
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw invalidRequest('A JSON body must be sent with Content-Type: application/json.')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw invalidRequest('The body must be JSON.')
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw jsonTooDeep(MAX_JSON_DEPTH)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalidRequest('The body must be JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest('The body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

/** The media type of a request's body, lower-cased, without parameters. */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** A value as JSON bytes, ready to be sent (and sent again) upstream. */
export function jsonBytes(value: unknown): ArrayBuffer {
  return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer
}

/** Reads a whole body under `limit` bytes; a larger declared Content-Length is refused at once. */
export async function readBody(request: Request, limit: number): Promise<ArrayBuffer> {
  const length = request.headers.get('content-length')
  // Told from the header alone, as in `readJsonObject`.
  if (length === '0') return new ArrayBuffer(0)
  const declared = Number(length ?? Number.NaN)
  if (declared > limit) throw payloadTooLarge(limit)
  if (request.body === null) return new ArrayBuffer(0)
  return readLimited(request.body, limit)
}

/**
 * Whether JSON text opens more than `max` arrays or objects at once, counted in one pass without
 * recursion; brackets inside strings do not count (RFC 8259 §7).
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === BACKSLASH) i++
      else if (char === QUOTE) inString = false
    } else if (char === QUOTE) inString = true
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > max) return true
    } else if (char === 0x5d || char === 0x7d) depth--
  }
  return false
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<ArrayBuffer> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw payloadTooLarge(limit)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out.buffer
}

import { BrokerError } from '../errors.ts'
import type { BodyKind } from './rules.ts'

/** A body ready to send upstream: bytes can be sent twice (a retry after 401), a stream once. */
export type UpstreamBody =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array>; exceeded: () => boolean }

/** Reads or wraps the caller's body under the size limit of its kind. */
export async function prepareBody(
  request: Request,
  kind: BodyKind,
  limit: number
): Promise<UpstreamBody> {
  if (kind === 'none') return { kind: 'none' }
  if (kind === 'json') {
    // Malformed or mistyped JSON is refused here, never sent to api.video (issue 8).
    const object = await readJsonObject(request, limit)
    if (object === undefined) throw invalid('The body must be a JSON object.')
    return { kind: 'bytes', bytes: jsonBytes(object) }
  }
  if (mediaType(request) !== 'multipart/form-data' || request.body === null) {
    throw invalid('An upload must be sent as multipart/form-data.')
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(limit)
  let size = 0
  let over = false
  const stream = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength
        if (size > limit) {
          over = true
          controller.error(tooLarge(limit))
        } else {
          controller.enqueue(chunk)
        }
      },
    })
  )
  return { kind: 'stream', stream, exceeded: () => over }
}

/**
 * Reads an optional JSON object body (the broker's own routes, and proxied JSON operations) under
 * `limit` bytes: `undefined` when there is none; a body that is not a JSON object, or is not
 * labelled `application/json`, is a 400 `invalid_request`.
 */
export async function readJsonObject(
  request: Request,
  limit: number
): Promise<Record<string, unknown> | undefined> {
  if (request.body === null) return undefined
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(limit)
  const bytes = await readLimited(request.body, limit)
  if (bytes.byteLength === 0) return undefined
  const type = mediaType(request)
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw invalid('A JSON body must be sent with Content-Type: application/json.')
  }
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw invalid('The body must be JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('The body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** A value as JSON bytes, ready to be sent (and sent again) upstream. */
export function jsonBytes(value: unknown): ArrayBuffer {
  return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer
}

function invalid(detail: string): BrokerError {
  return new BrokerError('invalid_request', { detail })
}

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
      throw tooLarge(limit)
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

function tooLarge(limit: number): BrokerError {
  return new BrokerError('payload_too_large', { detail: `The body exceeds ${limit} bytes.` })
}

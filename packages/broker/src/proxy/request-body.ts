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
  if (kind === 'none' || request.body === null) return { kind: 'none' }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(limit)
  if (kind === 'json') return { kind: 'bytes', bytes: await readLimited(request.body, limit) }
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

/** Reads a JSON request body (for the broker's own routes too) under `limit` bytes. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (request.body === null) return undefined
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(limit)
  const bytes = await readLimited(request.body, limit)
  if (bytes.byteLength === 0) return undefined
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new BrokerError('invalid_request', { detail: 'The body must be JSON.' })
  }
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

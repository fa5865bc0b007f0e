import { invalidRequest, payloadTooLarge } from '../errors.ts'
import { jsonBytes, mediaType, readJsonObject } from '../http/json-body.ts'
import type { BodyKind } from './operation-rule.ts'

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
    // Malformed or mistyped JSON is refused here, never sent to api.video.
    const object = await readJsonObject(request, limit)
    if (object === undefined) throw invalidRequest('The body must be a JSON object.')
    return { kind: 'bytes', bytes: jsonBytes(object) }
  }
  if (mediaType(request) !== 'multipart/form-data' || request.body === null) {
    throw invalidRequest('An upload must be sent as multipart/form-data.')
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw payloadTooLarge(limit)
  let size = 0
  let over = false
  const stream = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength
        if (size > limit) {
          over = true
          controller.error(payloadTooLarge(limit))
        } else {
          controller.enqueue(chunk)
        }
      },
    })
  )
  return { kind: 'stream', stream, exceeded: () => over }
}

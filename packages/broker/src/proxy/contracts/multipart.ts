import { contractViolation, invalidRequest, payloadTooLarge } from '../../errors.ts'
import type { FormPart } from '../operation-rule.ts'

/** Room for boundaries and part headers around the parts of a buffered multipart body. */
const FORM_OVERHEAD_BYTES = 16 * 1024
/** How far into a streamed upload the first part's headers must have ended. */
const FIRST_PART_HEADER_BYTES = 8 * 1024

/** Bytes to send upstream, and their type with its boundary. */
export interface EncodedForm {
  bytes: ArrayBuffer
  contentType: string
}

/** The most a buffered multipart body may weigh, parts and framing together. */
export function formLimit(maxPartBytes: number): number {
  return maxPartBytes + FORM_OVERHEAD_BYTES
}

/**
 * Parses a small multipart body and checks it part by part: only declared names, each once, files
 * where the operation takes a file, every required part, each file under `maxBytes`. What is sent
 * upstream is re-encoded from what was checked, so api.video sees exactly that.
 */
export async function checkForm(
  bytes: ArrayBuffer,
  contentType: string,
  parts: readonly FormPart[],
  maxBytes: number
): Promise<EncodedForm> {
  let form: FormData
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch {
    throw invalidRequest('The body is not valid multipart/form-data.')
  }
  const seen = new Set<string>()
  for (const [name, value] of form) {
    const part = parts.find((candidate) => candidate.name === name)
    const reason = !part
      ? 'is not a part this operation takes'
      : seen.has(name)
        ? 'must be sent once'
        : part.file !== (typeof value !== 'string')
          ? `must be ${part.file ? 'a file' : 'text'}`
          : undefined
    if (reason) throw contractViolation([{ in: 'body', name, reason }])
    seen.add(name)
    if (typeof value !== 'string' && value.size > maxBytes) {
      throw payloadTooLarge(maxBytes)
    }
  }
  const missing = parts.find((part) => part.required && !seen.has(part.name))
  if (missing) throw contractViolation([{ in: 'body', name: missing.name, reason: 'is required' }])
  const encoded = new Request('http://form.invalid', { method: 'POST', body: form })
  return {
    bytes: await encoded.arrayBuffer(),
    contentType: encoded.headers.get('content-type') as string,
  }
}

/**
 * Checks that a streamed multipart upload starts with the declared part, then hands back the
 * whole stream, the bytes it read included. Only the first part is looked at: the rest streams.
 */
export async function checkFirstPart(
  stream: ReadableStream<Uint8Array>,
  part: string
): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader()
  const head: Uint8Array[] = []
  // Part headers are ASCII; what follows them may be anything and is not looked at.
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  while (!text.includes('\r\n\r\n') && size < FIRST_PART_HEADER_BYTES) {
    const { done, value } = await reader.read()
    if (done) break
    head.push(value)
    size += value.byteLength
    text += decoder.decode(value, { stream: true })
  }
  const name = /\r\ncontent-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(
    text.split('\r\n\r\n')[0] ?? ''
  )?.[1]
  if (name !== part) {
    await reader.cancel()
    throw contractViolation([
      { in: 'body', name: name ?? '(none)', reason: `must be the part ${part}, a file` },
    ])
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk)
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
}

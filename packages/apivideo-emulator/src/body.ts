import { ApiProblem, type ProblemSlug } from './problem.ts'

/** Reads a request body up to `limit` bytes; a larger one is refused, and never buffered. */
export async function readLimitedBytes(
  request: Request,
  limit: number,
  tooLargeSlug: ProblemSlug = 'payload-too-large'
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new ApiProblem(tooLargeSlug, { detail: `The request body exceeds ${limit} bytes.` })
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge()
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    // Past the limit the rest is read and dropped, not cancelled: a client still sending gets
    // the 4xx instead of a reset connection, and memory stays bounded.
    if (size <= limit) chunks.push(value)
  }
  if (size > limit) throw tooLarge()
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * Parses a JSON object body whatever its Content-Type: the official uploader posts
 * `/auth/refresh` as `text/plain` (api.video's docs: Authentication).
 */
export async function readJsonObject(
  request: Request,
  limit: number
): Promise<Record<string, unknown>> {
  const bytes = await readLimitedBytes(request, limit)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new ApiProblem('invalid-payload', { detail: 'The body is not valid JSON.' })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiProblem('invalid-payload', { detail: 'The body must be a JSON object.' })
  }
  return value as Record<string, unknown>
}

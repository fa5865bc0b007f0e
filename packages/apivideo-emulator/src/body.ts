import { ApiProblem } from './problem.ts'

/** Reads a request body up to `limit` bytes; a larger body is refused before it is buffered. */
export async function readLimitedBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(limit)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
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
  return out
}

/**
 * Parses a JSON object body whatever its Content-Type: the official uploader posts
 * `/auth/refresh` as `text/plain` (protocol §2.2).
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

function tooLarge(limit: number): ApiProblem {
  return new ApiProblem('payload-too-large', { detail: `The body exceeds ${limit} bytes.` })
}

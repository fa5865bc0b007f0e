import type { LogFields } from '../logger.ts'

/** Upstream error bodies larger than this are not read: only their first fields matter. */
const MAX_PROBLEM_BYTES = 8 * 1024

/** The fields of an api.video problem body that are safe to log and to summarise to a caller. */
export interface UpstreamProblem {
  type?: string
  title?: string
  name?: string
  status?: number
}

/**
 * Reads an api.video error body and keeps only `type`, `title`, `name` and `status`, each
 * length-capped: the raw body is never logged or forwarded, only this summary (README, "Errors").
 */
export async function readUpstreamProblem(res: Response): Promise<UpstreamProblem> {
  let text: string
  try {
    text = await readCapped(res, MAX_PROBLEM_BYTES)
  } catch {
    return {}
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof body !== 'object' || body === null) return {}
  const record = body as Record<string, unknown>
  const problem: UpstreamProblem = {}
  for (const field of ['type', 'title', 'name'] as const) {
    const value = record[field]
    if (typeof value === 'string') problem[field] = value.slice(0, 200)
  }
  if (typeof record.status === 'number') problem.status = record.status
  return problem
}

/** The problem as log fields, prefixed so they never clash with the broker's own. */
export function problemLogFields(problem: UpstreamProblem): LogFields {
  return {
    upstreamType: problem.type,
    upstreamTitle: problem.title,
    upstreamName: problem.name,
  }
}

async function readCapped(res: Response, limit: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    text += decoder.decode(value, { stream: true })
    if (size >= limit) {
      await reader.cancel()
      break
    }
  }
  return text + decoder.decode()
}

import { ApiProblem } from '../problem.ts'

/** A parsed `Content-Range` request header (api.video's docs: Video upload); `total: null` stands for `*`. */
export type ContentRange =
  | { kind: 'part'; part: number; total: number | null }
  | { kind: 'bytes'; from: number; to: number; total: number | null }

// The OAS pattern, anchored: `bytes <from>-<to>/<total>` or `part <part>/<total>`, total may be `*`.
const PATTERN = /^(?:bytes (\d{1,15})-(\d{1,15})|part (\d{1,15}))\/(\d{1,15}|\*)$/

/** `undefined` without a header; a malformed one is the documented 400. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  if (header === undefined) return undefined
  const match = PATTERN.exec(header.trim())
  if (!match) throw new ApiProblem('video-content-range-malformed', { name: 'Content-Range' })
  const [, from, to, part, total] = match
  const parsedTotal = total === '*' ? null : Number(total)
  if (part !== undefined) return { kind: 'part', part: Number(part), total: parsedTotal }
  return { kind: 'bytes', from: Number(from), to: Number(to), total: parsedTotal }
}

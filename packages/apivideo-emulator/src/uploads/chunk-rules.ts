import { ApiProblem, type ProblemSlug } from '../problem.ts'
import type { ContentRange } from './content-range.ts'
import type { ChunkInfo, Ingest } from './ingest.ts'

export interface ChunkRules {
  /** Smallest chunk but the last one. api.video: 5 MiB. */
  minChunkBytes: number
}

const MAX_PARTS = 10_000
const MAX_TOTAL_BYTES = 52_428_800_000
const MAX_TO_BYTE = MAX_TOTAL_BYTES - 1

type PartRange = Extract<ContentRange, { kind: 'part' }>
type ByteRange = Extract<ContentRange, { kind: 'bytes' }>

function fail(slug: ProblemSlug, detail?: string): never {
  throw new ApiProblem(
    slug,
    detail === undefined ? { name: 'Content-Range' } : { name: 'Content-Range', detail }
  )
}

/**
 * `Content-Range: part <n>/<total|*>`, in the order of docs "Progressive Upload Errors - Content
 * Range By Part". Parts may arrive in any order; the upload completes when parts 1..total are in.
 */
export function acceptPart(ingest: Ingest, range: PartRange, chunk: ChunkInfo, rules: ChunkRules) {
  const { part } = range
  if (part === 0) fail('video-content-range-by-part-part-zero')
  if (part > MAX_PARTS) {
    fail(
      'video-content-range-by-part-part-too-high-allowed',
      `The maximum number of parts allowed for a video is ${MAX_PARTS}.`
    )
  }
  if (range.total !== null) checkTotalParts(ingest, range.total)
  const total = range.total ?? ingest.totalParts
  if (total !== null && part > total) {
    fail(
      'video-content-range-by-part-part-too-high-total',
      `The maximum number of parts allowed for this video is ${total}.`
    )
  }
  if (ingest.parts.some((received) => received.part === part)) {
    fail(
      'video-content-range-by-part-part-already-sent',
      `The part number ${part} has already been sent.`
    )
  }
  if (part !== total && chunk.size < rules.minChunkBytes) {
    fail(
      'video-content-range-by-part-uploaded-file-too-small',
      `The uploaded file is too small. It must be greater than or equal to ${rules.minChunkBytes} bytes, except if it is the last part.`
    )
  }
  ingest.parts.push({ part, size: chunk.size, sha256: chunk.sha256 })
  ingest.parts.sort((a, b) => a.part - b.part)
  ingest.totalParts = total
}

function checkTotalParts(ingest: Ingest, total: number): void {
  if (total === 0) fail('video-content-range-by-part-total-parts-zero')
  if (total > MAX_PARTS) {
    fail(
      'video-content-range-by-part-total-parts-too-high',
      `The maximum number of parts allowed is ${MAX_PARTS}.`
    )
  }
  if (ingest.totalParts !== null && ingest.totalParts !== total) {
    fail(
      'video-content-range-by-part-different-total-parts',
      `The "total_parts" you already set for this video is ${ingest.totalParts}.`
    )
  }
  const conflicting = ingest.parts.find((received) => received.part > total)
  if (conflicting) {
    fail(
      'video-content-range-by-part-total-parts-too-low',
      `The part number ${conflicting.part} has already been sent.`
    )
  }
}

/**
 * `Content-Range: bytes <from>-<to>/<total|*>`, in the order of docs "Progressive Upload Errors -
 * Content Range By Bytes". The upload completes when the ranges cover `0..total-1`.
 */
export function acceptByteRange(
  ingest: Ingest,
  range: ByteRange,
  chunk: ChunkInfo,
  rules: ChunkRules
) {
  const { from, to } = range
  if (range.total !== null) checkTotalBytes(ingest, range.total)
  if (from > to) fail('video-content-range-by-bytes-from-byte-too-high')
  if (to > MAX_TO_BYTE) {
    fail(
      'video-content-range-by-bytes-to-byte-too-high-allowed',
      `The maximum upper bound allowed for a video is ${MAX_TO_BYTE}.`
    )
  }
  const total = range.total ?? ingest.totalBytes
  if (total !== null && to >= total) {
    fail(
      'video-content-range-by-bytes-to-byte-too-high-total',
      `The "total_bytes" you set for this video is ${total}.`
    )
  }
  if (chunk.size !== to - from + 1) {
    fail(
      'video-content-range-by-bytes-range-mismatch',
      `The size of the file you sent is ${chunk.size} bytes but the range length you set is ${to - from + 1}.`
    )
  }
  const overlap = ingest.ranges.find((received) => from <= received.to && to >= received.from)
  if (overlap) {
    fail(
      'video-content-range-by-bytes-range-overlap',
      `The range ${from}-${to} overlaps with the range ${overlap.from}-${overlap.to} already sent.`
    )
  }
  if (to !== (total ?? 0) - 1 && chunk.size < rules.minChunkBytes) {
    fail(
      'video-content-range-by-bytes-range-too-small',
      `The range must be greater than or equal to ${rules.minChunkBytes} bytes, except if it is the last chunk.`
    )
  }
  ingest.ranges.push({ from, to, sha256: chunk.sha256 })
  ingest.ranges.sort((a, b) => a.from - b.from)
  ingest.totalBytes = total
}

function checkTotalBytes(ingest: Ingest, total: number): void {
  if (total === 0) fail('video-content-range-by-bytes-total-bytes-zero')
  if (total > MAX_TOTAL_BYTES) {
    fail(
      'video-content-range-by-bytes-total-bytes-too-high',
      `The maximum allowed limit is ${MAX_TOTAL_BYTES}.`
    )
  }
  if (ingest.totalBytes !== null && ingest.totalBytes !== total) {
    fail(
      'video-content-range-by-bytes-different-total-bytes',
      `The "total_bytes" you already set for this video is ${ingest.totalBytes}.`
    )
  }
  const conflicting = ingest.ranges.find((received) => received.to >= total)
  if (conflicting) {
    fail(
      'video-content-range-by-bytes-total-bytes-too-low',
      `The range ${conflicting.from}-${conflicting.to} has already been sent.`
    )
  }
}

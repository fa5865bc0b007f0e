import { ApiProblem } from '../problem.ts'
import { acceptByteRange, acceptPart, type ChunkRules } from './chunk-rules.ts'
import type { ContentRange } from './content-range.ts'

/** What the emulator keeps of a chunk: its size and digest, never its bytes (bounded memory). */
export interface ChunkInfo {
  size: number
  sha256: string
  filename: string
  /** What the chunk's MP4 movie header says, if it holds one. */
  durationSeconds?: number | null
}

export interface ReceivedPart {
  part: number
  size: number
  sha256: string
}

export interface ReceivedRange {
  from: number
  to: number
  sha256: string
}

/** The ingest state of one video's source. */
export interface Ingest {
  /** `single`: one request without Content-Range; `download`: created from a source URL. */
  mode: 'single' | 'part' | 'bytes' | 'download'
  parts: ReceivedPart[]
  totalParts: number | null
  ranges: ReceivedRange[]
  totalBytes: number | null
  receivedBytes: number
  /** The file name of the first chunk, as the multipart part named it. */
  filename: string | null
  /** Emulator-clock epoch ms at which the last missing chunk arrived. */
  completedAt: number | null
  /** The length the file's MP4 movie header states, once a chunk carried it; else null. */
  durationSeconds: number | null
}

/** "A single non-chunked request is limited to 200 MiB" (docs "Video upload errors"). */
export const SINGLE_UPLOAD_MAX_BYTES = 200 * 1024 * 1024

export type IngestStore = ReturnType<typeof createIngestStore>

export function createIngestStore(now: () => number, rules: ChunkRules) {
  const ingests = new Map<string, Ingest>()

  function accept(videoId: string, range: ContentRange | undefined, chunk: ChunkInfo): Ingest {
    const existing = ingests.get(videoId)
    if (existing?.completedAt != null) {
      const slug =
        existing.mode === 'download'
          ? 'video-source-already-downloaded'
          : 'video-source-already-uploaded'
      throw new ApiProblem(slug, { name: 'file', withProblems: true })
    }
    if (chunk.size === 0) throw new ApiProblem('uploaded-file-empty', { name: 'file' })
    const ingest = existing ?? empty(range ? range.kind : 'single', chunk.filename)
    if (!range) acceptWhole(ingest, existing, chunk)
    else if (range.kind === 'part') {
      if (ingest.mode !== 'part') throw startedWith('bytes')
      acceptPart(ingest, range, chunk, rules)
    } else {
      if (ingest.mode !== 'bytes') throw startedWith('part')
      acceptByteRange(ingest, range, chunk, rules)
    }
    ingest.receivedBytes += chunk.size
    ingest.durationSeconds = chunk.durationSeconds ?? ingest.durationSeconds
    if (isComplete(ingest)) ingest.completedAt = now()
    ingests.set(videoId, ingest)
    return structuredClone(ingest)
  }

  return {
    accept,
    get(videoId: string): Ingest | undefined {
      const ingest = ingests.get(videoId)
      return ingest && structuredClone(ingest)
    },
    /** A video created from a source URL: complete at once, size unknown. */
    markDownloaded(videoId: string): void {
      ingests.set(videoId, { ...empty('download', null), completedAt: now() })
    },
    /** A finished single upload that is playable at once (sample videos). */
    seedUploaded(videoId: string, { size, filename }: { size: number; filename: string }): void {
      const ingest = empty('single', filename)
      ingest.ranges.push({ from: 0, to: size - 1, sha256: '' })
      ingests.set(videoId, { ...ingest, totalBytes: size, receivedBytes: size, completedAt: 0 })
    },
    copy(fromVideoId: string, toVideoId: string): void {
      const ingest = ingests.get(fromVideoId)
      if (ingest) ingests.set(toVideoId, { ...structuredClone(ingest), completedAt: now() })
    },
    delete: (videoId: string): boolean => ingests.delete(videoId),
    reset: (): void => ingests.clear(),
  }
}

function acceptWhole(ingest: Ingest, existing: Ingest | undefined, chunk: ChunkInfo): void {
  if (existing) throw new ApiProblem('video-content-range-already-initiated', { name: 'file' })
  if (chunk.size > SINGLE_UPLOAD_MAX_BYTES) {
    throw new ApiProblem('uploaded-file-too-large', { name: 'file' })
  }
  ingest.ranges.push({ from: 0, to: chunk.size - 1, sha256: chunk.sha256 })
  ingest.totalBytes = chunk.size
}

function isComplete(ingest: Ingest): boolean {
  if (ingest.mode === 'part') {
    return ingest.totalParts !== null && ingest.parts.length === ingest.totalParts
  }
  return ingest.totalBytes !== null && ingest.receivedBytes === ingest.totalBytes
}

function empty(mode: Ingest['mode'], filename: string | null): Ingest {
  return {
    mode,
    parts: [],
    totalParts: null,
    ranges: [],
    totalBytes: null,
    receivedBytes: 0,
    filename,
    completedAt: null,
    durationSeconds: null,
  }
}

function startedWith(kind: 'part' | 'bytes'): ApiProblem {
  return new ApiProblem(`video-content-range-started-with-${kind}`, { name: 'Content-Range' })
}

/** The size of a finished source: the declared total, or the sum of its parts. */
export function fileSize(ingest: Ingest): number | null {
  if (ingest.mode === 'download') return null
  if (ingest.totalBytes !== null) return ingest.totalBytes
  return ingest.completedAt === null ? null : ingest.receivedBytes
}

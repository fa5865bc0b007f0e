import { describe, expect, it } from 'vitest'
import { ApiProblem } from '../problem.ts'
import { parseContentRange } from './content-range.ts'
import { type ChunkInfo, createIngestStore, SINGLE_UPLOAD_MAX_BYTES } from './ingest.ts'

const MIN = 10
const chunk = (size: number): ChunkInfo => ({ size, sha256: `h${size}`, filename: 'a.mp4' })

function store() {
  let now = 1_000
  const ingests = createIngestStore(() => now, { minChunkBytes: MIN })
  const send = (range: string | undefined, size: number, videoId = 'v') =>
    ingests.accept(videoId, parseContentRange(range), chunk(size))
  return { ingests, send, tick: () => now++ }
}

function slugOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiProblem) return error.body.type.split('/').pop() ?? ''
    throw error
  }
  return 'accepted'
}

describe('Content-Range parsing', () => {
  it('reads part and bytes forms, with * as an unknown total', () => {
    expect(parseContentRange('part 2/*')).toEqual({ kind: 'part', part: 2, total: null })
    expect(parseContentRange('bytes 0-9/20')).toEqual({ kind: 'bytes', from: 0, to: 9, total: 20 })
    expect(parseContentRange(undefined)).toBeUndefined()
  })

  it.each(['part 1', 'bytes 1/2', 'parts 1/2', 'part -1/2', 'bytes=0-1/2', 'part 1/2 extra'])(
    'calls %j malformed',
    (header) => {
      expect(slugOf(() => parseContentRange(header))).toBe('video-content-range-malformed')
    }
  )
})

describe('whole-file uploads', () => {
  it('completes at once and refuses a second source', () => {
    const { send } = store()
    expect(send(undefined, 3)).toMatchObject({ mode: 'single', totalBytes: 3, completedAt: 1_000 })
    expect(slugOf(() => send(undefined, 3))).toBe('video-source-already-uploaded')
    expect(slugOf(() => send('part 1/1', 3))).toBe('video-source-already-uploaded')
  })

  it('refuses an empty file and one over 200 MiB', () => {
    const { send } = store()
    expect(slugOf(() => send(undefined, 0))).toBe('uploaded-file-empty')
    expect(slugOf(() => send(undefined, SINGLE_UPLOAD_MAX_BYTES + 1))).toBe(
      'uploaded-file-too-large'
    )
  })

  it('refuses a whole file once a chunked upload has started', () => {
    const { send } = store()
    send('part 1/2', MIN)
    expect(slugOf(() => send(undefined, 5))).toBe('video-content-range-already-initiated')
  })
})

describe('uploads by part', () => {
  it('completes when every part up to the total is in, in any order', () => {
    const { send } = store()
    expect(send('part 2/3', MIN).completedAt).toBeNull()
    expect(send('part 3/3', 1).completedAt).toBeNull()
    const done = send('part 1/3', MIN)
    expect(done.completedAt).toBe(1_000)
    expect(done.parts.map((p) => p.part)).toEqual([1, 2, 3])
    expect(done.receivedBytes).toBe(2 * MIN + 1)
  })

  it('completes a progressive upload when the last part names the total', () => {
    const { send } = store()
    send('part 1/*', MIN)
    expect(send('part 2/*', MIN).totalParts).toBeNull()
    expect(send('part 3/3', 2)).toMatchObject({ totalParts: 3, completedAt: 1_000 })
  })

  it.each([
    ['part 0/2', MIN, 'video-content-range-by-part-part-zero'],
    ['part 10001/*', MIN, 'video-content-range-by-part-part-too-high-allowed'],
    ['part 1/0', MIN, 'video-content-range-by-part-total-parts-zero'],
    ['part 1/10001', MIN, 'video-content-range-by-part-total-parts-too-high'],
    ['part 3/2', MIN, 'video-content-range-by-part-part-too-high-total'],
    ['part 1/2', MIN - 1, 'video-content-range-by-part-uploaded-file-too-small'],
    ['part 1/*', MIN - 1, 'video-content-range-by-part-uploaded-file-too-small'],
    ['part 1/2', 0, 'uploaded-file-empty'],
  ])('answers %s (%i bytes) with %s', (range, size, slug) => {
    expect(slugOf(() => store().send(range, size))).toBe(slug)
  })

  it('accepts a small chunk only as the last part', () => {
    expect(slugOf(() => store().send('part 2/2', 1))).toBe('accepted')
    expect(slugOf(() => store().send('part 1/1', 1))).toBe('accepted')
  })

  it('refuses a part sent twice, a changed total and a total below a part already sent', () => {
    const { send } = store()
    send('part 1/3', MIN)
    expect(slugOf(() => send('part 1/3', MIN))).toBe(
      'video-content-range-by-part-part-already-sent'
    )
    expect(slugOf(() => send('part 2/4', MIN))).toBe(
      'video-content-range-by-part-different-total-parts'
    )
    const progressive = store()
    progressive.send('part 3/*', MIN)
    expect(slugOf(() => progressive.send('part 2/2', 1))).toBe(
      'video-content-range-by-part-total-parts-too-low'
    )
  })

  it('refuses to continue a part upload with bytes', () => {
    const { send } = store()
    send('part 1/2', MIN)
    expect(slugOf(() => send('bytes 10-19/20', MIN))).toBe('video-content-range-started-with-part')
  })
})

describe('uploads by byte range', () => {
  it('completes when the ranges cover the total', () => {
    const { send } = store()
    expect(send('bytes 10-19/25', 10).completedAt).toBeNull()
    expect(send('bytes 20-24/25', 5).completedAt).toBeNull()
    expect(send('bytes 0-9/25', 10)).toMatchObject({ totalBytes: 25, completedAt: 1_000 })
  })

  it.each([
    ['bytes 0-9/0', 10, 'video-content-range-by-bytes-total-bytes-zero'],
    ['bytes 0-9/52428800001', 10, 'video-content-range-by-bytes-total-bytes-too-high'],
    ['bytes 9-0/20', 10, 'video-content-range-by-bytes-from-byte-too-high'],
    [
      'bytes 52428800000-52428800009/*',
      10,
      'video-content-range-by-bytes-to-byte-too-high-allowed',
    ],
    ['bytes 15-24/20', 10, 'video-content-range-by-bytes-to-byte-too-high-total'],
    ['bytes 0-9/20', 9, 'video-content-range-by-bytes-range-mismatch'],
    ['bytes 0-8/20', 9, 'video-content-range-by-bytes-range-too-small'],
  ])('answers %s (%i bytes) with %s', (range, size, slug) => {
    expect(slugOf(() => store().send(range, size))).toBe(slug)
  })

  it('refuses an overlap, a changed total and a total below a range already sent', () => {
    const { send } = store()
    send('bytes 10-19/*', 10)
    expect(slugOf(() => send('bytes 15-24/*', 10))).toBe(
      'video-content-range-by-bytes-range-overlap'
    )
    expect(slugOf(() => send('bytes 0-9/15', 10))).toBe(
      'video-content-range-by-bytes-total-bytes-too-low'
    )
    send('bytes 0-9/30', 10)
    expect(slugOf(() => send('bytes 20-29/40', 10))).toBe(
      'video-content-range-by-bytes-different-total-bytes'
    )
  })

  it('refuses to continue a byte-range upload with parts', () => {
    const { send } = store()
    send('bytes 0-9/20', 10)
    expect(slugOf(() => send('part 2/2', 10))).toBe('video-content-range-started-with-bytes')
  })
})

describe('the ingest store', () => {
  it('keeps sizes and digests, never bytes, and forgets on delete and reset', () => {
    const { ingests, send } = store()
    send(undefined, 4, 'a')
    expect(ingests.get('a')?.ranges).toEqual([{ from: 0, to: 3, sha256: 'h4' }])
    expect(ingests.delete('a')).toBe(true)
    send(undefined, 4, 'b')
    ingests.reset()
    expect(ingests.get('b')).toBeUndefined()
  })

  it('refuses an upload into a video made from a source URL', () => {
    const { ingests, send } = store()
    ingests.markDownloaded('v')
    expect(slugOf(() => send(undefined, 4))).toBe('video-source-already-downloaded')
  })
})

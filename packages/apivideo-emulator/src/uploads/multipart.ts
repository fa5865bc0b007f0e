import { readLimitedBytes } from '../body.ts'
import { ApiProblem } from '../problem.ts'
import type { ChunkInfo } from './ingest.ts'
import { mp4Duration } from './mp4-duration.ts'

export interface UploadForm {
  chunk: ChunkInfo
  /** The `videoId` field of `/upload?token=` chunks after the first (api.video's docs: Video upload). */
  videoId: string | undefined
}

/**
 * Reads a `multipart/form-data` upload with the Web `Request.formData()`. The single file part is
 * taken whatever its field name: the uploader names it `file`, the Node client uses the file's
 * base name (api.video's docs: Video upload). Only its size and SHA-256 are kept.
 */
export async function readUploadForm(request: Request, maxBytes: number): Promise<UploadForm> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new ApiProblem('uploaded-file-no-file', { name: 'file', withProblems: true })
  }
  const bytes = await readLimitedBytes(request, maxBytes, 'uploaded-file-too-large')
  let form: FormData
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch (error) {
    throw new ApiProblem(
      'invalid-payload',
      { detail: 'The multipart body is malformed.' },
      {},
      error
    )
  }
  const files = [...form.values()].filter((value): value is File => typeof value !== 'string')
  const [file] = files
  if (!file) throw new ApiProblem('uploaded-file-no-file', { name: 'file', withProblems: true })
  if (files.length > 1) {
    throw new ApiProblem('uploaded-file-multiple-files', { name: 'file', withProblems: true })
  }
  const videoId = form.get('videoId')
  if (videoId !== null && typeof videoId !== 'string') {
    throw new ApiProblem('invalid-attribute', { name: 'videoId', withProblems: true })
  }
  const content = await file.arrayBuffer()
  const digest = await crypto.subtle.digest('SHA-256', content)
  const durationSeconds = mp4Duration(new Uint8Array(content))
  return {
    chunk: { size: file.size, sha256: toHex(digest), filename: file.name, durationSeconds },
    videoId: videoId === null || videoId === '' ? undefined : videoId,
  }
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

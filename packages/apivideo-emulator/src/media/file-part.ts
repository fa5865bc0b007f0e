import { readLimitedBytes } from '../body.ts'
import { ApiProblem } from '../problem.ts'

/** The one file of a `multipart/form-data` request, bytes included (images and text tracks). */
export interface FilePart {
  bytes: Uint8Array<ArrayBuffer>
  filename: string
  /** The form's text fields (`link` for player logos). */
  fields: Record<string, string>
}

/** Room for the multipart boundaries and part headers around a file of the largest size. */
const MULTIPART_OVERHEAD = 64 * 1024

/**
 * Reads the single file part of a multipart body whatever its field name: the official Node.js
 * client names it after the file (`en.vtt`) or `file`. Refusals are the upload catalogue's.
 */
export async function readFilePart(request: Request, maxFileBytes: number): Promise<FilePart> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw noFile()
  const limit = maxFileBytes + MULTIPART_OVERHEAD
  const body = await readLimitedBytes(request, limit, 'uploaded-file-too-large')
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
  } catch (error) {
    throw new ApiProblem(
      'invalid-payload',
      { detail: 'The multipart body is malformed.' },
      {},
      error
    )
  }
  const files: File[] = []
  const fields: Record<string, string> = {}
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value
    else files.push(value)
  }
  const [file] = files
  if (!file) throw noFile()
  if (files.length > 1) {
    throw new ApiProblem('uploaded-file-multiple-files', { name: 'file', withProblems: true })
  }
  if (file.size === 0) throw new ApiProblem('uploaded-file-empty', { name: 'file' })
  if (file.size > maxFileBytes) {
    throw new ApiProblem('uploaded-file-too-large', {
      name: 'file',
      detail: `The file exceeds ${maxFileBytes} bytes.`,
    })
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, fields }
}

function noFile(): ApiProblem {
  return new ApiProblem('uploaded-file-no-file', { name: 'file', withProblems: true })
}

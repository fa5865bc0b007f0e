import { ApiProblem } from '../problem.ts'

/**
 * A WebVTT file starts with an optional BOM, then `WEBVTT` followed by a space, a tab, a line
 * break or the end (W3C WebVTT §4.1). api.video accepts badly formatted cues with a 200 (docs
 * "Adding captions"), so only that signature and UTF-8 are checked.
 */
export function readWebVtt(bytes: Uint8Array, name = 'file'): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw notWebVtt(name, 'The file must be UTF-8 text.')
  }
  if (!/^WEBVTT(?:[ \t\r\n]|$)/.test(text)) {
    throw notWebVtt(
      name,
      'Only WebVTT (.vtt) files are supported: the file must start with "WEBVTT".'
    )
  }
  return text
}

function notWebVtt(name: string, detail: string): ApiProblem {
  return new ApiProblem('uploaded-file-invalid-file', { name, detail, withProblems: true })
}

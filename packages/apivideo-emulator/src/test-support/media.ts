import type { Emulator } from '../emulator.ts'
import { call, createVideo, jsonOf } from './harness.ts'

/** The smallest files each check recognises: only their signatures matter to the emulator. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0])
export const WEBP = new TextEncoder().encode('RIFF\x1a\x00\x00\x00WEBPVP8 ')
export const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')
export const VTT = '\uFEFFWEBVTT\n\n00:01.000 --> 00:04.000\n- Adding captions is easy.\n'

/** A multipart body with one file, named as the official Node.js client names a Buffer. */
export function fileForm(
  content: Uint8Array | string,
  { filename = 'file', field = filename }: { filename?: string; field?: string } = {}
): FormData {
  const form = new FormData()
  form.append(field, new Blob([content as BlobPart]), filename)
  return form
}

/** POSTs one file to `path`, as multipart. */
export function postFile(
  emulator: Emulator,
  path: string,
  content: Uint8Array | string,
  filename?: string
): Promise<Response> {
  return call(emulator, path, {
    method: 'POST',
    body: fileForm(content, filename === undefined ? {} : { filename }),
  })
}

/** A new video and its id. */
export async function newVideoId(emulator: Emulator, extra = {}): Promise<string> {
  return (await createVideo(emulator, 'A video', extra)).videoId
}

export async function uploadCaption(emulator: Emulator, videoId: string, language: string) {
  return postFile(emulator, `/videos/${videoId}/captions/${language}`, VTT, `${language}.vtt`)
}

export async function uploadWatermark(emulator: Emulator): Promise<string> {
  const res = await postFile(emulator, '/watermarks', PNG, 'logo.png')
  return (await jsonOf<{ watermarkId: string }>(res)).watermarkId
}

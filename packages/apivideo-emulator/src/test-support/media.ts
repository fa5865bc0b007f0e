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

/**
 * The start of an MP4 file: `ftyp`, then `moov` holding only a movie header (`mvhd`) that states
 * `seconds` at a timescale of 1000 (ISO/IEC 14496-12 §8.2.2), in version 0 or 1.
 */
export function mp4Header(seconds: number, version: 0 | 1 = 0): Uint8Array<ArrayBuffer> {
  const mvhdSize = version === 0 ? 108 : 120
  const out = new Uint8Array(16 + 8 + mvhdSize)
  const view = new DataView(out.buffer)
  const ascii = (at: number, text: string) => out.set(new TextEncoder().encode(text), at)
  view.setUint32(0, 16)
  ascii(4, 'ftypisom')
  view.setUint32(16, 8 + mvhdSize)
  ascii(20, 'moov')
  view.setUint32(24, mvhdSize)
  ascii(28, 'mvhd')
  out[32] = version
  const fields = 36 + (version === 0 ? 8 : 16)
  view.setUint32(fields, 1000)
  if (version === 0) view.setUint32(fields + 4, seconds * 1000)
  else view.setBigUint64(fields + 4, BigInt(seconds * 1000))
  return out
}

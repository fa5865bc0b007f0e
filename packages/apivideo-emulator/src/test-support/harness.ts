import { type CreateEmulatorOptions, createEmulator, type Emulator } from '../emulator.ts'

export const API_KEY = 'test-api-key-0123456789'
export const BASIC = `Basic ${btoa(`${API_KEY}:`)}`
/** 2024-01-02T03:04:05Z: tests run on a fixed clock. */
export const T0 = Date.UTC(2024, 0, 2, 3, 4, 5)
export const MIB = 1024 * 1024

export function setup(options: CreateEmulatorOptions = {}): Emulator {
  return createEmulator({ apiKey: API_KEY, now: () => T0, ...options })
}

export interface CallInit extends Omit<RequestInit, 'body'> {
  /** Sent as a JSON body. */
  json?: unknown
  body?: BodyInit
  /** Sends `Authorization: Basic base64(apiKey:)` unless `headers` sets its own. Default: true. */
  auth?: boolean
}

/** Calls the emulator in process, with Basic auth and JSON by default. */
export function call(emulator: Emulator, path: string, init: CallInit = {}): Promise<Response> {
  const { json, auth = true, headers, ...rest } = init
  const merged = new Headers(headers)
  if (auth && !merged.has('authorization')) merged.set('authorization', BASIC)
  const request: RequestInit = { ...rest, headers: merged }
  if (json !== undefined) {
    request.body = JSON.stringify(json)
    if (!merged.has('content-type')) merged.set('content-type', 'application/json')
    request.method ??= 'POST'
  }
  return emulator.fetch(path, request)
}

export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T
}

/** The problem slug of an error response: tests assert codes, not messages. */
export async function slugOf(response: Response): Promise<string> {
  const body = await jsonOf<{ type?: string }>(response)
  return String(body.type).replace('https://docs.api.video/reference/', '')
}

/** Deterministic bytes, so sizes and digests are reproducible. */
export function bytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff
  return out
}

/** A multipart body like the official uploader's: `videoId` first when known, then `file`. */
export function uploadForm(
  content: Uint8Array<ArrayBuffer> | number,
  {
    videoId,
    filename = 'clip.mp4',
    field = 'file',
  }: { videoId?: string; filename?: string; field?: string } = {}
): FormData {
  const form = new FormData()
  if (videoId) form.append('videoId', videoId)
  const data = typeof content === 'number' ? bytes(content) : content
  form.append(field, new Blob([data], { type: 'application/octet-stream' }), filename)
  return form
}

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export async function createUploadToken(emulator: Emulator, ttl?: number): Promise<string> {
  const res = await call(emulator, '/upload-tokens', { json: ttl === undefined ? {} : { ttl } })
  return (await jsonOf<{ token: string }>(res)).token
}

export async function createVideo(emulator: Emulator, title = 'A video', extra = {}) {
  const res = await call(emulator, '/videos', { json: { title, ...extra } })
  return jsonOf<{ videoId: string } & Record<string, unknown>>(res)
}

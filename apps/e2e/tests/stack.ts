/** What global-setup started, as the tests see it. */
export const stack = {
  demo: required('KEYWARD_DEMO_URL'),
  broker: required('KEYWARD_BROKER_URL'),
  emulator: required('KEYWARD_EMULATOR_URL'),
  identity: required('KEYWARD_IDENTITY_URL'),
  apiKey: required('KEYWARD_TEST_API_KEY'),
  signingKeyD: required('KEYWARD_TEST_SIGNING_KEY_D'),
  projectId: required('KEYWARD_TEST_PROJECT_ID'),
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the suite through playwright.config.ts`)
  return value
}

/** A title no other test uses, so tests can share one stack and find their own videos. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** Calls the emulator's api.video surface with Basic auth, as api.video's server SDKs do. */
export async function emulator<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${stack.emulator}${path}`, {
    ...init,
    headers: {
      authorization: `Basic ${Buffer.from(`${stack.apiKey}:`).toString('base64')}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  })
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: the emulator answered ${res.status}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export interface EmulatedVideo {
  videoId: string
  title: string
}

/** The metadata key the broker keeps a video's owner under (its default). */
export const OWNER_KEY = 'keyward:owner'

/**
 * Creates a video straight in the emulator (not through the demo), owned by `owner` as the broker
 * would stamp it (`null`: nobody's, invisible to everyone but an admin).
 */
export async function createVideo(title: string, owner: string | null = 'alice'): Promise<string> {
  const metadata = owner === null ? [] : [{ key: OWNER_KEY, value: owner }]
  const video = await emulator<EmulatedVideo>('/videos', {
    method: 'POST',
    body: JSON.stringify({ title, metadata }),
  })
  return video.videoId
}

/** The account's videos whose title contains `title`, as api.video itself lists them. */
export async function findVideos(title: string): Promise<EmulatedVideo[]> {
  const query = new URLSearchParams({ title, pageSize: '100' })
  return (await emulator<{ data: EmulatedVideo[] }>(`/videos?${query}`)).data
}

/** Whether api.video still has this video. */
export async function videoExists(videoId: string): Promise<boolean> {
  const res = await fetch(`${stack.emulator}/videos/${videoId}`, {
    headers: { authorization: `Basic ${Buffer.from(`${stack.apiKey}:`).toString('base64')}` },
  })
  if (res.status !== 200 && res.status !== 404) throw new Error(`unexpected ${res.status}`)
  return res.status === 200
}

export interface FaultRule {
  kind: 'error' | 'latency' | 'drop' | 'rate-limit'
  method?: string
  path?: string
  status?: number
  times?: number
  retryAfterSeconds?: number
}

/** Makes the emulator misbehave on matching requests (its control plane, no auth). */
export async function addFault(rule: FaultRule): Promise<void> {
  await control('/faults', { method: 'POST', body: JSON.stringify(rule) })
}

export async function clearFaults(): Promise<void> {
  await control('/faults', { method: 'DELETE' })
}

/** How the emulator received an upload: its parts, sizes and completion. */
export interface Ingest {
  totalParts: number | null
  receivedBytes: number
  completedAt: number | null
  parts: Array<{ part: number; size: number }>
}

export function ingestOf(videoId: string): Promise<Ingest> {
  return control<Ingest>(`/uploads/${videoId}`)
}

/** How many times api.video has handed out an access token (API key exchanges and refreshes). */
export async function authRenewals(): Promise<number> {
  const { auth } = await control<{
    auth: { apiKey: { succeeded: number }; refresh: { succeeded: number } }
  }>('/stats')
  return auth.apiKey.succeeded + auth.refresh.succeeded
}

async function control<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${stack.emulator}/_emulator${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  })
  if (!res.ok) throw new Error(`/_emulator${path}: ${res.status} ${await res.text()}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Moves the emulator's clock forward (the broker follows it, as in local development). */
export async function advanceClock(seconds: number): Promise<void> {
  await control('/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) })
}

/** An asset the emulator serves (a thumbnail, a caption file), as bytes. */
export async function asset(url: string): Promise<Buffer> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: the emulator answered ${res.status}`)
  return Buffer.from(await res.arrayBuffer())
}

/** Posts a multipart form to the emulator's api.video surface (a caption file, a thumbnail). */
export async function postForm(path: string, form: FormData): Promise<void> {
  const res = await fetch(`${stack.emulator}${path}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Basic ${Buffer.from(`${stack.apiKey}:`).toString('base64')}` },
  })
  if (!res.ok) throw new Error(`POST ${path}: the emulator answered ${res.status}`)
}

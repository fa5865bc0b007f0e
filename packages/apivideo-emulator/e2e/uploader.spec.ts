import type { VideoUploader } from '@api.video/video-uploader'
import { expect, type Page, test } from '@playwright/test'
import { E2E_API_KEY } from './global-setup.ts'

declare global {
  interface Window {
    VideoUploader: typeof VideoUploader
  }
}

const MIB = 1024 * 1024
const emulatorUrl = () => process.env.KEYWARD_E2E_EMULATOR_URL as string
const apiHost = () => process.env.KEYWARD_E2E_API_HOST as string
const basic = { authorization: `Basic ${btoa(`${E2E_API_KEY}:`)}` }

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${emulatorUrl()}${path}`, {
    ...init,
    headers: { ...basic, 'content-type': 'application/json', ...init.headers },
  })
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

interface PageResult {
  videoId: string
  sha256: string[]
  progressEvents: number
  playable: boolean
}

/** Runs the unmodified uploader in the page on a deterministic file of `size` bytes. */
function uploadInPage(page: Page, options: Record<string, string>, size: number) {
  return page.evaluate(
    async ({ options, size, apiHost }): Promise<PageResult> => {
      const data = new Uint8Array(size)
      for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff
      const chunk = 5 * 1024 * 1024
      const hex = async (bytes: Uint8Array<ArrayBuffer>) =>
        Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) =>
          b.toString(16).padStart(2, '0')
        ).join('')
      const sha256: string[] = []
      for (let from = 0; from < size; from += chunk)
        sha256.push(await hex(data.slice(from, from + chunk)))
      const file = new File([data], 'e2e-upload.mp4', { type: 'video/mp4' })
      const uploader = new window.VideoUploader({
        file,
        apiHost,
        chunkSize: chunk,
        // Fail fast instead of the uploader's default of about 141 s of retries.
        retryStrategy: () => null,
        origin: { application: { name: 'keyward-e2e', version: '1.0.0' } },
        ...(options as { uploadToken: string }),
      })
      let progressEvents = 0
      uploader.onProgress(() => progressEvents++)
      const playable = new Promise<boolean>((resolve) => uploader.onPlayable(() => resolve(true)))
      const video = await uploader.upload()
      return { videoId: video.videoId, sha256, progressEvents, playable: await playable }
    },
    { options, size, apiHost: apiHost() }
  )
}

test.beforeEach(async ({ page }) => {
  await fetch(`${emulatorUrl()}/_emulator/reset`, { method: 'POST' })
  await page.goto(process.env.KEYWARD_E2E_PAGE_URL as string)
  await expect.poll(() => page.evaluate(() => typeof window.VideoUploader)).toBe('function')
})

test('the official uploader sends a 12 MiB file in three linked chunks with a delegated token', async ({
  page,
}) => {
  const { token } = await api<{ token: string }>('/upload-tokens', {
    method: 'POST',
    body: JSON.stringify({ ttl: 600 }),
  })
  const result = await uploadInPage(page, { uploadToken: token }, 12 * MIB)

  expect(result.videoId).toMatch(/^vi[0-9A-Za-z]{22}$/)
  expect(result.progressEvents).toBeGreaterThan(0)
  expect(result.playable).toBe(true)
  const videos = await api<{ data: Array<{ videoId: string; title: string }> }>('/videos')
  expect(videos.data).toEqual([
    expect.objectContaining({ videoId: result.videoId, title: 'e2e-upload.mp4' }),
  ])
  const ingest = await api<{
    mode: string
    parts: Array<{ part: number; size: number; sha256: string }>
    totalParts: number
    receivedBytes: number
    completedAt: number | null
  }>(`/_emulator/uploads/${result.videoId}`)
  expect(ingest).toMatchObject({ mode: 'part', totalParts: 3, receivedBytes: 12 * MIB })
  expect(ingest.completedAt).not.toBeNull()
  expect(ingest.parts.map(({ part, size }) => [part, size])).toEqual([
    [1, 5 * MIB],
    [2, 5 * MIB],
    [3, 2 * MIB],
  ])
  expect(ingest.parts.map((part) => part.sha256)).toEqual(result.sha256)
  const status = await api<{ ingest: { status: string; filesize: number } }>(
    `/videos/${result.videoId}/status`
  )
  expect(status.ingest).toMatchObject({ status: 'uploaded', filesize: 12 * MIB })
  const stats = await api<{ routes: Record<string, Record<string, number>> }>('/_emulator/stats')
  expect(stats.routes['POST /upload']).toEqual({ '201': 3 })
})

test('the official uploader refreshes an expired access token (text/plain /auth/refresh) and resumes', async ({
  page,
}) => {
  const { videoId } = await api<{ videoId: string }>('/videos', {
    method: 'POST',
    body: JSON.stringify({ title: 'Refreshed upload' }),
  })
  const pair = await api<{ access_token: string; refresh_token: string }>('/auth/api-key', {
    method: 'POST',
    body: JSON.stringify({ apiKey: E2E_API_KEY }),
  })
  await api('/_emulator/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 3600 }) })
  const result = await uploadInPage(
    page,
    { accessToken: pair.access_token, refreshToken: pair.refresh_token, videoId },
    6 * MIB
  )

  expect(result.videoId).toBe(videoId)
  const stats = await api<{
    auth: { refresh: { succeeded: number; failed: number } }
    routes: Record<string, Record<string, number>>
  }>('/_emulator/stats')
  expect(stats.auth.refresh).toEqual({ succeeded: 1, failed: 0 })
  expect(stats.routes['POST /videos/{videoId}/source']).toEqual({ '201': 2, '401': 1 })
})

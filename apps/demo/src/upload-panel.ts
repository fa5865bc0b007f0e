import { VideoUploader, type VideoUploadResponse } from '@api.video/video-uploader'
import type { UploadToken } from '@keyward/client/upload'
import { allow, h } from './dom.ts'
import type { ErrorBanner } from './error-banner.ts'
import type { Keyward } from './keyward.ts'
import { whyNot } from './permissions.ts'
import { deleteVideo } from './videos.ts'

export interface UploadPanelOptions {
  keyward: Keyward
  banner: ErrorBanner
  announce(message: string): void
  onUploaded(video: VideoUploadResponse): void
}

// api.video's smallest chunk: small files still go up in several parts, with progress.
const CHUNK_BYTES = 5 * 1024 * 1024
const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv|avi|mpe?g|ogv|3gp)$/i
const SIZE = new Intl.NumberFormat(undefined, {
  style: 'unit',
  unit: 'megabyte',
  maximumFractionDigits: 1,
})

/**
 * Picks or takes a dropped file and sends it with the unmodified official uploader, straight to
 * api.video, using a short-lived delegated upload token from the broker.
 */
export function createUploadPanel({
  keyward,
  banner,
  announce,
  onUploaded,
}: UploadPanelOptions): HTMLElement {
  let uploader: VideoUploader | undefined
  let cancelled = false
  // Chunks api.video has answered: after the first, it holds a (partial) video.
  let chunksDone = 0
  // The video the broker created for this upload (ownership mode): empty until a chunk lands.
  let ownedVideoId: string | undefined
  const view = uploadView(() => stop())

  // The last token seen: while it is being renewed, it still tells what the visitor may do.
  let token = keyward.tokens.snapshot.token
  function refresh(): void {
    token = keyward.tokens.snapshot.token ?? token
    const why = whyNot('upload', token, keyward.access)
    allow(view.input, uploader ? 'An upload is under way' : why)
    view.reason.hidden = why === null
    view.reason.textContent = why ?? ''
    view.zone.dataset.state = uploader ? 'busy' : why ? 'blocked' : 'idle'
  }

  const report = (percent: number, text: string) => {
    view.bar.value = percent
    view.status.textContent = text
  }

  async function start(file: File): Promise<void> {
    if (uploader || view.input.disabled) return
    view.progress.hidden = false
    view.name.textContent = `${file.name} · ${SIZE.format(file.size / 1_000_000)}`
    if (!(file.type.startsWith('video/') || VIDEO_NAME.test(file.name))) {
      return report(0, `“${file.name}” does not look like a video. Pick a video file.`)
    }
    cancelled = false
    chunksDone = 0
    ownedVideoId = undefined
    view.cancel.hidden = false
    report(0, 'Getting an upload token from the broker…')
    let apiHost: string | undefined
    try {
      const title = file.name.replace(/\.[^.]+$/, '') || file.name
      const grant = await keyward.uploadToken(title)
      apiHost = grant.apiHost
      ownedVideoId = grant.videoId
      // With ownership on, the broker created the video (owned by this user): upload into it.
      uploader = officialUploader(file, grant, title)
      uploader.onProgress(({ uploadedBytes, totalBytes, currentChunk }) => {
        chunksDone = currentChunk - 1
        // The last event counts the multipart overhead too, and can pass the file size.
        const percent = Math.min(100, Math.round((uploadedBytes / Math.max(totalBytes, 1)) * 100))
        if (!cancelled) report(percent, `Uploading… ${percent}%`)
      })
      refresh()
      const video = await uploader.upload()
      if (!cancelled) done(video.title ?? file.name, video)
    } catch (error) {
      if (!cancelled) await failed(error, apiHost)
    } finally {
      uploader = undefined
      view.cancel.hidden = true
      view.input.value = ''
      refresh()
    }
  }

  function done(title: string, video: VideoUploadResponse): void {
    report(100, `Uploaded “${title}”: 100%. It is now at the top of your library.`)
    announce(`Uploaded “${title}”.`)
    onUploaded(video)
  }

  function stop(): void {
    cancelled = true
    uploader?.cancel()
    // Nothing arrived: the empty video the broker made for this upload goes too.
    if (chunksDone === 0 && ownedVideoId) {
      void deleteVideo(keyward, ownedVideoId).catch((error: unknown) => banner.report(error))
    }
    report(
      0,
      chunksDone > 0
        ? 'Upload cancelled. api.video keeps the part that arrived as an unfinished video: delete it from the list.'
        : 'Upload cancelled. Nothing was kept.'
    )
    announce('Upload cancelled.')
  }

  async function failed(error: unknown, apiHost: string | undefined): Promise<void> {
    const message = uploadFailure(error, apiHost)
    report(0, message ?? 'The upload did not start.')
    if (!message) await banner.report(error)
  }

  view.input.addEventListener('change', () => {
    const file = view.input.files?.[0]
    if (file) void start(file)
  })
  wireDrop(view.zone, (file) => void start(file))
  keyward.tokens.addEventListener('change', refresh)
  refresh()
  return view.element
}

function officialUploader(file: File, grant: UploadToken, videoName: string): VideoUploader {
  return new VideoUploader({
    file,
    uploadToken: grant.token,
    apiHost: grant.apiHost,
    ...(grant.videoId ? { videoId: grant.videoId } : { videoName }),
    chunkSize: CHUNK_BYTES,
    origin: { application: { name: 'keyward-demo', version: '0.1.0' } },
    // 5xx and network errors: three quick retries, not the default two and a half minutes.
    retryStrategy: (count, error) =>
      (error.status ?? 500) < 500 || count >= 3 ? null : 500 * 2 ** count,
  })
}

// How the uploader rejects: its `VideoUploadError`, which the package does not export.
interface UploadFailure {
  status: number | undefined
  title: string | undefined
  reason: string | undefined
  raw: string | undefined
}

// The uploader's own failures, in words; `undefined` for anything else (the broker's).
function uploadFailure(error: unknown, apiHost: string | undefined): string | undefined {
  const upload = error as Partial<UploadFailure> | undefined
  if (upload?.reason === 'NETWORK_ERROR' || upload?.reason === 'NETWORK_TIMEOUT') {
    const where = apiHost ? ` at ${apiHost}` : ''
    return `The upload could not reach api.video${where}. Check your connection; locally, open the emulator’s HTTPS address once and accept its certificate.`
  }
  if (upload && typeof upload.status === 'number' && 'raw' in upload) {
    return `api.video refused the upload: ${upload.title ?? `HTTP ${upload.status}`}.`
  }
  return undefined
}

interface UploadView {
  element: HTMLElement
  zone: HTMLDivElement
  input: HTMLInputElement
  reason: HTMLParagraphElement
  progress: HTMLDivElement
  name: HTMLParagraphElement
  bar: HTMLProgressElement
  status: HTMLParagraphElement
  cancel: HTMLButtonElement
}

function uploadView(onCancel: () => void): UploadView {
  const input = h('input', {
    type: 'file',
    id: 'file',
    accept: 'video/*',
    class: 'visually-hidden',
  })
  const reason = h('p', { class: 'reason', hidden: true })
  const zone = h(
    'div',
    { class: 'dropzone', 'data-state': 'idle' },
    h('p', { class: 'dropzone-lead' }, 'Drag a video here, or'),
    h('label', { for: 'file', class: 'button primary' }, 'Choose a video file'),
    h(
      'p',
      { class: 'hint' },
      'It goes straight to api.video with a one-time upload token from the broker.'
    ),
    reason,
    input
  )
  const name = h('p', { class: 'upload-file' })
  const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Upload progress' })
  const status = h('p', { class: 'upload-status' })
  const cancel = h('button', { type: 'button', onclick: onCancel }, 'Cancel upload')
  const progress = h('div', { class: 'upload-progress', hidden: true }, name, bar, status, cancel)
  const element = h(
    'section',
    { class: 'upload', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Upload a video'),
    zone,
    progress
  )
  return { element, zone, input, reason, progress, name, bar, status, cancel }
}

function wireDrop(zone: HTMLElement, take: (file: File) => void): void {
  const over = (event: DragEvent) => {
    event.preventDefault()
    if (zone.dataset.state === 'idle') zone.dataset.state = 'over'
  }
  zone.addEventListener('dragenter', over)
  zone.addEventListener('dragover', over)
  zone.addEventListener('dragleave', () => {
    if (zone.dataset.state === 'over') zone.dataset.state = 'idle'
  })
  zone.addEventListener('drop', (event) => {
    event.preventDefault()
    if (zone.dataset.state === 'over') zone.dataset.state = 'idle'
    const file = event.dataTransfer?.files[0]
    if (file) take(file)
  })
  // A file dropped beside the zone would otherwise replace the page with the file itself.
  for (const type of ['dragover', 'drop'])
    window.addEventListener(type, (event) => event.preventDefault())
}

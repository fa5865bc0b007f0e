import { captionsSection } from './captions-section.ts'
import { h } from './dom.ts'
import type { ErrorBanner } from './error-banner.ts'
import type { Keyward } from './keyward.ts'
import { whyNot } from './permissions.ts'
import { thumbnailSection } from './thumbnail-section.ts'
import type { Video } from './videos.ts'

export interface MediaDialogOptions {
  keyward: Keyward
  /** A banner that shows its messages in `region` (inside the dialog, which makes the page inert). */
  banner(region: HTMLElement): ErrorBanner
  /** Says something in the page's polite live region. */
  announce(message: string): void
  /** Called once the dialog is closed, with whether the video changed (a new thumbnail). */
  onClose(changed: boolean): void
}

/** What the dialog's sections share. */
export interface MediaContext {
  keyward: Keyward
  /** Why changes are off with this token (videos:write), or `null`. */
  blocked: string | null
  /** Tells the visitor what just happened, in the dialog and to screen readers. */
  say(message: string): void
  report(error: unknown): Promise<unknown>
  /** Records a changed video and gives it back. */
  changed(video: Video): Video
}

/** A modal dialog for one video's thumbnail and caption tracks. */
export function openMediaDialog(video: Video, options: MediaDialogOptions): HTMLDialogElement {
  const region = h('div', { class: 'banner-region', role: 'alert' })
  const status = h('p', { class: 'status-line', role: 'status' })
  const banner = options.banner(region)
  let changed = false
  const context: MediaContext = {
    keyward: options.keyward,
    blocked: whyNot('media', options.keyward.tokens.snapshot.token, options.keyward.access),
    say: (message) => {
      banner.clear()
      status.textContent = message
      options.announce(message)
    },
    report: (error) => banner.report(error),
    changed: (next) => {
      changed = true
      return next
    },
  }
  const close = h('button', { type: 'button', class: 'quiet' }, 'Close')
  const dialog = h(
    'dialog',
    { class: 'media-dialog', 'aria-labelledby': 'media-title' },
    h(
      'div',
      { class: 'dialog-head' },
      h('h2', { id: 'media-title' }, `Thumbnail and captions of “${video.title}”`),
      close
    ),
    context.blocked ? h('p', { class: 'reason' }, context.blocked) : null,
    region,
    status,
    thumbnailSection(video, context),
    captionsSection(video, context)
  )
  close.addEventListener('click', () => dialog.close())
  dialog.addEventListener('close', () => {
    dialog.remove()
    options.onClose(changed)
  })
  document.body.append(dialog)
  dialog.showModal()
  return dialog
}

import { allow, h } from './dom.ts'
import type { Video } from './videos.ts'

export interface CardOptions {
  /** Why editing is not possible with the current token, or `null`. */
  editBlocked: string | null
  deleteBlocked: string | null
  /** Saves a new title; a rejection leaves the form open for another try. */
  rename(video: Video, title: string): Promise<void>
  /** Deletes the video; a rejection brings the buttons back. */
  remove(video: Video): Promise<void>
  /** Opens the video's thumbnail and captions. */
  openMedia(video: Video): void
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** One video of the library: thumbnail (or a placeholder), title, date, and its actions. */
export function videoCard(video: Video, options: CardOptions): HTMLLIElement {
  const title = h('h3', { class: 'card-title' }, titleContent(video))
  const actions = h('div', { class: 'card-actions' })

  function showActions(focus = false): void {
    const edit = h(
      'button',
      { type: 'button', 'aria-label': `Edit title of “${video.title}”`, onclick: startEdit },
      'Edit title'
    )
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        'aria-label': `Delete “${video.title}”`,
        onclick: askDelete,
      },
      'Delete'
    )
    const media = h(
      'button',
      {
        type: 'button',
        'aria-label': `Thumbnail and captions of “${video.title}”`,
        onclick: () => options.openMedia(video),
      },
      'Thumbnail & captions'
    )
    allow(edit, options.editBlocked)
    allow(remove, options.deleteBlocked)
    actions.replaceChildren(edit, remove, media)
    if (focus) (edit.disabled ? remove : edit).focus()
  }

  function startEdit(): void {
    const cancel = () => {
      title.replaceChildren(titleContent(video))
      showActions(true)
    }
    const save = (next: string) => (next === video.title ? cancel() : options.rename(video, next))
    title.replaceChildren(editForm(video.title, save, cancel))
    actions.replaceChildren()
  }

  function askDelete(): void {
    const keep = h('button', { type: 'button', onclick: () => showActions(true) }, 'Keep')
    const confirm = h('button', { type: 'button', class: 'danger' }, 'Yes, delete')
    confirm.addEventListener('click', async () => {
      confirm.disabled = keep.disabled = true
      await options.remove(video).catch(() => showActions(true))
    })
    actions.replaceChildren(
      h('p', { class: 'confirm' }, 'Delete this video for good?'),
      confirm,
      keep
    )
    keep.focus()
  }

  showActions()
  return h(
    'li',
    { class: 'card', 'data-video-id': video.videoId },
    thumbnail(video),
    h('div', { class: 'card-body' }, title, dateLine(video.createdAt), actions)
  )
}

// The inline title editor: Enter saves, Escape gives up; a failed save keeps it open.
function editForm(
  current: string,
  save: (title: string) => unknown,
  cancel: () => void
): HTMLFormElement {
  const input = h('input', {
    type: 'text',
    name: 'title',
    value: current,
    required: true,
    maxlength: 256,
    'aria-label': 'New title',
  })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save')
  const form = h(
    'form',
    {
      class: 'edit-form',
      onkeydown: (event) => {
        if ((event as KeyboardEvent).key === 'Escape') cancel()
      },
    },
    input,
    h(
      'div',
      { class: 'card-actions' },
      submit,
      h('button', { type: 'button', onclick: cancel }, 'Cancel')
    )
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const next = input.value.trim()
    if (!next) return cancel()
    submit.disabled = true
    try {
      await save(next)
    } catch {
      submit.disabled = false
      input.focus()
    }
  })
  queueMicrotask(() => {
    input.focus()
    input.select()
  })
  return form
}

function titleContent(video: Video): Node {
  const player = video.assets?.player
  return player
    ? h('a', { href: player, target: '_blank', rel: 'noopener' }, video.title)
    : document.createTextNode(video.title)
}

function dateLine(createdAt: string): HTMLElement {
  const date = new Date(createdAt)
  const text = Number.isNaN(date.getTime()) ? createdAt : DATE.format(date)
  return h('p', { class: 'card-date' }, 'Added ', h('time', { datetime: createdAt }, text))
}

function thumbnail(video: Video): HTMLElement {
  const frame = h('div', { class: 'thumb' })
  const url = video.assets?.thumbnail
  if (!url) {
    frame.append(placeholder(video))
    return frame
  }
  const image = h('img', { src: url, alt: '', loading: 'lazy', decoding: 'async' })
  // Offline, or before api.video made one: a placeholder instead of a broken image.
  image.addEventListener('error', () => image.replaceWith(placeholder(video)), { once: true })
  frame.append(image)
  return frame
}

function placeholder(video: Video): HTMLElement {
  let hash = 0
  for (const char of video.videoId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  const initial = video.title.trim().charAt(0).toUpperCase() || '?'
  return h(
    'div',
    { class: 'placeholder', style: `--hue: ${hash % 360}`, 'data-placeholder': '' },
    h('span', { 'aria-hidden': 'true' }, initial)
  )
}

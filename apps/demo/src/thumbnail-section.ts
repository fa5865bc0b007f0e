import { allow, h } from './dom.ts'
import type { MediaContext } from './media-dialog.ts'
import { pickThumbnail, uploadThumbnail } from './video-media.ts'
import type { Video } from './videos.ts'

const IMAGE_TYPES = ['image/jpeg', 'image/png']

/** The video's thumbnail: pick a frame by its timecode, or upload a JPEG or PNG. */
export function thumbnailSection(video: Video, context: MediaContext): HTMLElement {
  const { keyward, blocked, say, report, changed } = context
  const preview = h('img', { class: 'thumb-preview', alt: `Current thumbnail of “${video.title}”` })
  const show = (current: Video) => {
    const url = current.assets?.thumbnail
    preview.hidden = !url
    if (url) preview.src = url
  }
  show(video)

  const timecode = h('input', {
    type: 'text',
    id: 'thumb-timecode',
    name: 'timecode',
    value: '00:00:01.00',
    required: true,
    inputmode: 'decimal',
    pattern: '\\d{2}:\\d{2}:\\d{2}([.:]\\d{1,2})?',
    title: 'hh:mm:ss.ms, for example 00:00:05.00',
  })
  const pick = h('button', { type: 'submit' }, 'Use this frame')
  const pickForm = h(
    'form',
    { class: 'media-form' },
    h('label', { for: 'thumb-timecode' }, 'Frame at (hh:mm:ss.ms)'),
    h('div', { class: 'search-row' }, timecode, pick)
  )
  pickForm.addEventListener('submit', async (event) => {
    event.preventDefault()
    await run(pick, async () => {
      show(changed(await pickThumbnail(keyward, video.videoId, timecode.value)))
      say(`The thumbnail is now the frame at ${timecode.value}.`)
    })
  })

  const file = h('input', { type: 'file', id: 'thumb-file', accept: IMAGE_TYPES.join(',') })
  file.addEventListener('change', async () => {
    const image = file.files?.[0]
    if (!image) return
    if (!IMAGE_TYPES.includes(image.type)) {
      file.value = ''
      return say(`“${image.name}” is not a JPEG or PNG image.`)
    }
    await run(file, async () => {
      show(changed(await uploadThumbnail(keyward, video.videoId, image)))
      say(`“${image.name}” is now the thumbnail.`)
    })
    file.value = ''
  })

  async function run(control: HTMLButtonElement | HTMLInputElement, work: () => Promise<void>) {
    control.disabled = true
    try {
      await work()
    } catch (error) {
      await report(error)
    } finally {
      allow(control, blocked)
    }
  }

  for (const control of [timecode, pick, file]) allow(control, blocked)
  return h(
    'section',
    { class: 'media-section', 'aria-labelledby': 'thumb-title' },
    h('h3', { id: 'thumb-title' }, 'Thumbnail'),
    preview,
    pickForm,
    h(
      'div',
      { class: 'media-form' },
      h('label', { for: 'thumb-file' }, 'Or upload an image (JPEG or PNG, up to 8 MB)'),
      file
    )
  )
}

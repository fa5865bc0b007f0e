import { allow, h } from './dom.ts'
import type { MediaContext } from './media-dialog.ts'
import { addCaption, type Caption, listCaptions, removeCaption } from './video-media.ts'
import type { Video } from './videos.ts'

/** A few of the languages api.video takes (any IETF tag works); the option shows its own name. */
const LANGUAGES: Array<[string, string]> = [
  ['en', 'English'],
  ['fr', 'Français'],
  ['de', 'Deutsch'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['pt-BR', 'Português (Brasil)'],
  ['ja', '日本語'],
]

/** The video's caption tracks: the list, a remove button each, and a form to add a WebVTT file. */
export function captionsSection(video: Video, context: MediaContext): HTMLElement {
  const { keyward, blocked, say, report } = context
  const list = h('ul', {
    class: 'caption-list',
    'aria-label': 'Caption tracks',
    'aria-busy': 'true',
  })
  const empty = h('p', { class: 'hint', hidden: true }, 'No captions yet.')

  async function load(): Promise<void> {
    list.setAttribute('aria-busy', 'true')
    try {
      const captions = await listCaptions(keyward, video.videoId)
      list.replaceChildren(...captions.map(row))
      empty.hidden = captions.length > 0
    } catch (error) {
      await report(error)
    } finally {
      list.setAttribute('aria-busy', 'false')
    }
  }

  function row(caption: Caption): HTMLLIElement {
    const name = caption.languageName ?? caption.srclang
    const remove = h(
      'button',
      { type: 'button', class: 'danger', 'aria-label': `Remove the ${name} captions` },
      'Remove'
    )
    allow(remove, blocked)
    remove.addEventListener('click', async () => {
      remove.disabled = true
      try {
        await removeCaption(keyward, video.videoId, caption.srclang)
        say(`Removed the ${name} captions.`)
        await load()
      } catch (error) {
        allow(remove, blocked)
        await report(error)
      }
    })
    return h(
      'li',
      { 'data-language': caption.srclang },
      h('a', { href: caption.src, target: '_blank', rel: 'noopener' }, name),
      h('span', { class: 'hint' }, caption.srclang),
      remove
    )
  }

  const language = h(
    'select',
    { id: 'caption-language', name: 'language' },
    ...LANGUAGES.map(([tag, name]) => h('option', { value: tag }, name))
  )
  const file = h('input', {
    type: 'file',
    id: 'caption-file',
    accept: '.vtt,text/vtt',
    required: true,
  })
  const add = h('button', { type: 'submit' }, 'Add captions')
  const form = h(
    'form',
    { class: 'media-form' },
    h('label', { for: 'caption-language' }, 'Language'),
    language,
    h('label', { for: 'caption-file' }, 'WebVTT file (.vtt)'),
    file,
    add
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const vtt = file.files?.[0]
    if (!vtt) return
    add.disabled = true
    try {
      const caption = await addCaption(keyward, video.videoId, language.value, vtt)
      say(`Added the ${caption.languageName ?? caption.srclang} captions.`)
      file.value = ''
      await load()
    } catch (error) {
      await report(error)
    } finally {
      allow(add, blocked)
    }
  })
  for (const control of [language, file, add]) allow(control, blocked)
  void load()
  return h(
    'section',
    { class: 'media-section', 'aria-labelledby': 'captions-title' },
    h('h3', { id: 'captions-title' }, 'Captions'),
    list,
    empty,
    form
  )
}

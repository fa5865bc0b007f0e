import { h } from './dom.ts'
import type { VideoPage } from './videos.ts'

/** The library's elements; `library.ts` fills them. */
export interface LibraryView {
  element: HTMLElement
  search: HTMLInputElement
  grid: HTMLUListElement
  /** Shown instead of the grid when there is nothing to list. */
  empty: HTMLParagraphElement
  /** Why some buttons are off, for the whole page. */
  note: HTMLParagraphElement
  pager: HTMLElement
  previous: HTMLButtonElement
  next: HTMLButtonElement
  position: HTMLSpanElement
}

export interface LibraryViewHandlers {
  /** The visitor searched (submitted, or cleared the field with its ✕). */
  onSearch(query: string): void
  onPage(step: -1 | 1): void
}

export function libraryView(query: string, handlers: LibraryViewHandlers): LibraryView {
  const search = h('input', {
    type: 'search',
    id: 'search',
    name: 'q',
    value: query,
    autocomplete: 'off',
  })
  const form = h(
    'form',
    {
      role: 'search',
      class: 'search',
      onsubmit: (event) => {
        event.preventDefault()
        handlers.onSearch(search.value.trim())
      },
    },
    h('label', { for: 'search' }, 'Search by title'),
    h('div', { class: 'search-row' }, search, h('button', { type: 'submit' }, 'Search'))
  )
  // The ✕ of a search field empties it without submitting: show everything again.
  search.addEventListener('search', () => {
    if (search.value === '') handlers.onSearch('')
  })
  const previous = h('button', { type: 'button', onclick: () => handlers.onPage(-1) }, '← Previous')
  const next = h('button', { type: 'button', onclick: () => handlers.onPage(1) }, 'Next →')
  const position = h('span', { class: 'pager-position' })
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages', hidden: true },
    previous,
    position,
    next
  )
  const grid = h('ul', { class: 'grid', 'aria-label': 'Videos', 'aria-busy': 'true' })
  const empty = h('p', { class: 'empty', hidden: true })
  const note = h('p', { class: 'scope-note', id: 'scope-note', hidden: true })
  const element = h(
    'section',
    { class: 'library', 'aria-labelledby': 'library-title' },
    h('div', { class: 'library-head' }, h('h2', { id: 'library-title' }, 'Your videos'), form),
    note,
    grid,
    empty,
    pager
  )
  return { element, search, grid, empty, note, pager, previous, next, position }
}

/** Puts one page of results in place: cards, the empty state, the pager. */
export function showPage(
  view: LibraryView,
  page: VideoPage,
  cards: HTMLElement[],
  query: string
): void {
  view.grid.replaceChildren(...cards)
  view.empty.hidden = cards.length > 0
  view.empty.textContent = query
    ? `No video has “${query}” in its title.`
    : 'No videos yet. Upload one above.'
  view.pager.hidden = false
  view.previous.disabled = page.currentPage <= 1
  view.next.disabled = page.currentPage >= page.pagesTotal
  view.position.textContent = `Page ${page.currentPage} of ${page.pagesTotal}`
}

/** What the status line says after a load. */
export function summary(
  { itemsTotal, videos, currentPage, pagesTotal }: VideoPage,
  query: string
): string {
  const matching = query ? ` matching “${query}”` : ''
  if (videos.length === 0) return `No videos${matching}.`
  return `${itemsTotal} ${itemsTotal === 1 ? 'video' : 'videos'}${matching}, page ${currentPage} of ${pagesTotal}.`
}

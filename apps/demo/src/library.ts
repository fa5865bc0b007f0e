import type { ErrorBanner } from './error-banner.ts'
import type { Keyward } from './keyward.ts'
import { libraryView, showPage, summary } from './library-view.ts'
import { openMediaDialog } from './media-dialog.ts'
import { scopeNote, whyNot } from './permissions.ts'
import { type CardOptions, videoCard } from './video-card.ts'
import { deleteVideo, listVideos, renameVideo, type Video, type VideoPage } from './videos.ts'

export interface LibraryOptions {
  keyward: Keyward
  banner: ErrorBanner
  /** Says something in the page's polite live region. */
  announce(message: string): void
  /** A banner for a dialog's own alert region (the dialog makes the page's banner inert). */
  dialogBanner(region: HTMLElement): ErrorBanner
  /** Called with the search and page after each successful load (to keep them in the URL). */
  onView(query: string, page: number): void
  query: string
  page: number
}

export interface Library {
  element: HTMLElement
  /** Loads the current page again (after an upload, a clock change, a failure); `false` if it failed. */
  reload(): Promise<boolean>
  /** Shows the newest videos: page 1, no search. */
  showNewest(): Promise<boolean>
}

/** The video library: search by title, a grid of cards, and pages of twelve, newest first. */
export function createLibrary({
  keyward,
  banner,
  announce,
  onView,
  dialogBanner,
  ...start
}: LibraryOptions): Library {
  let { query, page } = start
  let shown: VideoPage | undefined
  let loading: AbortController | undefined
  const view = libraryView(query, {
    onSearch: (next) => {
      if (next === query && page === 1) return
      query = next
      void go(1)
    },
    onPage: (step) => void go(page + step),
  })

  function go(to: number): Promise<boolean> {
    page = Math.max(1, to)
    return load()
  }

  async function load(focusVideo?: string): Promise<boolean> {
    if (keyward.access.ownership && !keyward.access.signedIn) return signedOut()
    loading?.abort()
    const controller = new AbortController()
    loading = controller
    view.grid.setAttribute('aria-busy', 'true')
    try {
      const result = await listVideos(keyward, { page, query, signal: controller.signal })
      // The last page emptied (a delete): step back to the new last page.
      if (result.videos.length === 0 && page > result.pagesTotal) return go(result.pagesTotal)
      shown = result
      banner.clear()
      render(focusVideo)
      onView(query, page)
      announce(summary(result, query))
      return true
    } catch (error) {
      if (!controller.signal.aborted) await failed(error)
      return false
    } finally {
      if (loading === controller) view.grid.setAttribute('aria-busy', 'false')
    }
  }

  // The broker lists each caller's own videos, and refuses a visitor, who owns none: say so
  // rather than ask. The token is still fetched, so the panel shows what a visitor holds.
  async function signedOut(): Promise<boolean> {
    view.grid.replaceChildren()
    view.pager.hidden = true
    view.empty.hidden = false
    view.empty.textContent =
      'Signed out, there is no catalogue to show: with ownership on, the broker lists each caller’s own videos only, and a visitor owns none. Sign in as Alice or Bob to see and upload yours (Admin sees every video).'
    view.grid.setAttribute('aria-busy', 'false')
    announce('Signed out: sign in to see your videos.')
    try {
      await keyward.tokens.getToken()
      return true
    } catch (error) {
      await banner.report(error)
      return false
    }
  }

  async function failed(error: unknown): Promise<void> {
    if (!shown) {
      view.empty.hidden = false
      view.empty.textContent = 'Your videos will appear here as soon as the library loads.'
    }
    announce('The library could not load.')
    await banner.report(error, () => void load())
  }

  function render(focusVideo?: string): void {
    if (!shown) return
    const { token } = keyward.tokens.snapshot
    const options: CardOptions = {
      editBlocked: whyNot('edit', token, keyward.access),
      deleteBlocked: whyNot('delete', token, keyward.access),
      rename,
      remove,
      openMedia,
    }
    showPage(
      view,
      shown,
      shown.videos.map((video) => videoCard(video, options)),
      query
    )
    const note = scopeNote(['edit', 'delete'], token, keyward.access)
    view.note.hidden = note === null
    view.note.textContent = note ?? ''
    if (focusVideo)
      view.grid.querySelector<HTMLElement>(`[data-video-id="${focusVideo}"] button`)?.focus()
  }

  async function rename(video: Video, title: string): Promise<void> {
    await renameVideo(keyward, video.videoId, title).catch(reported)
    await load(video.videoId)
    announce(`Renamed “${video.title}” to “${title}”.`)
  }

  async function remove(video: Video): Promise<void> {
    await deleteVideo(keyward, video.videoId).catch(reported)
    await load()
    announce(`Deleted “${video.title}”.`)
    view.search.focus()
  }

  function openMedia(video: Video): void {
    openMediaDialog(video, {
      keyward,
      banner: dialogBanner,
      announce,
      // A new thumbnail shows on the card; focus goes back where it was.
      onClose: (changed) => {
        const back = `[data-video-id="${video.videoId}"] button[aria-label^="Thumbnail"]`
        const refocus = () => view.grid.querySelector<HTMLElement>(back)?.focus()
        if (changed) void load().then(refocus)
        else refocus()
      },
    })
  }

  // Shown on the banner, then passed on so the card keeps its form open for another try.
  async function reported(error: unknown): Promise<never> {
    await banner.report(error)
    throw error
  }

  // The buttons follow the token: a new token may carry other scopes.
  let scope: string | undefined
  keyward.tokens.addEventListener('change', () => {
    const next = keyward.tokens.snapshot.token?.scope
    if (next === undefined || next === scope) return
    scope = next
    render()
  })

  return {
    element: view.element,
    reload: () => load(),
    showNewest: () => {
      query = view.search.value = ''
      return go(1)
    },
  }
}

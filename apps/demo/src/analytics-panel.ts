import { allow, h } from './dom.ts'
import type { ErrorBanner } from './error-banner.ts'
import type { Keyward } from './keyward.ts'
import { whyNot } from './permissions.ts'
import { playsPerVideo, SLOTS } from './plays.ts'
import { chartData, playsChart } from './plays-chart.ts'
import { recentTitles } from './videos.ts'

export interface AnalyticsPanelOptions {
  keyward: Keyward
  banner: ErrorBanner
  announce(message: string): void
}

/**
 * Plays per video over the last 24 hours, from api.video's analytics through the broker's proxy
 * (`analytics:read`). Loaded on demand: each load is 1 + `SLOTS` analytics calls and one list.
 */
export function createAnalyticsPanel({
  keyward,
  banner,
  announce,
}: AnalyticsPanelOptions): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary' }, 'Show plays')
  const reason = h('p', { class: 'reason', hidden: true })
  const body = h('div', { class: 'analytics-body', 'aria-live': 'polite', 'aria-busy': 'false' })
  let loading: AbortController | undefined

  async function load(): Promise<void> {
    loading?.abort()
    const controller = new AbortController()
    loading = controller
    body.setAttribute('aria-busy', 'true')
    button.disabled = true
    try {
      const [plays, titles] = await Promise.all([
        playsPerVideo(keyward, controller.signal),
        recentTitles(keyward, controller.signal),
      ])
      const data = chartData(plays, titles)
      body.replaceChildren(
        data.series.length > 0
          ? playsChart(data)
          : h(
              'p',
              { class: 'empty' },
              'No plays in the last 24 hours. Locally, the emulator makes up plays for each hour a video has existed: advance its clock in the token panel.'
            )
      )
      button.textContent = 'Refresh'
      announce(
        `Plays loaded: ${plays.totals.length} ${plays.totals.length === 1 ? 'video' : 'videos'} played in the last 24 hours.`
      )
    } catch (error) {
      if (!controller.signal.aborted) await banner.report(error, () => void load())
    } finally {
      if (loading === controller) {
        body.setAttribute('aria-busy', 'false')
        refresh()
      }
    }
  }

  // The last token seen: while it is being renewed, it still tells what the visitor may do.
  let token = keyward.tokens.snapshot.token
  function refresh(): void {
    token = keyward.tokens.snapshot.token ?? token
    const why = whyNot('analytics', token, keyward.access)
    allow(button, why)
    if (body.getAttribute('aria-busy') === 'true') button.disabled = true
    reason.hidden = why === null
    reason.textContent = why ?? ''
  }

  button.addEventListener('click', () => void load())
  keyward.tokens.addEventListener('change', refresh)
  refresh()
  return h(
    'section',
    { class: 'analytics', 'aria-labelledby': 'analytics-title' },
    h(
      'div',
      { class: 'library-head' },
      h('h2', { id: 'analytics-title' }, 'Plays per video'),
      button
    ),
    h(
      'p',
      { class: 'hint' },
      `The last 24 hours in ${SLOTS} slots of 4 hours, from api.video’s analytics, through the broker.`
    ),
    reason,
    body
  )
}

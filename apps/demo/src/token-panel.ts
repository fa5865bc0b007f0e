import { urlWithShare } from './config.ts'
import { h } from './dom.ts'
import { advanceClock } from './emulator.ts'
import type { ErrorBanner } from './error-banner.ts'
import type { Counters, Keyward } from './keyward.ts'
import { bindingOf } from './token-binding.ts'

export interface TokenPanelOptions {
  keyward: Keyward
  banner: ErrorBanner
  share: boolean
  /** Set in local mode: the emulator whose clock the panel can move. */
  emulatorUrl: string | null
  /** The next request after the clock moved: the library loads again; `false` if it failed. */
  reload(): Promise<boolean>
  /** Who the token is for: a user's name, `'Signed out'`, or `null` where there is no sign-in. */
  user?: string | null
}

// Past api.video's one-hour access tokens too, so the broker renews its own upstream token.
const UPSTREAM_TOKEN_SECONDS = 3600
const MARGIN_SECONDS = 60

/** What the tab's token is and does: scope, a live countdown, the counters, the local controls. */
export function createTokenPanel(options: TokenPanelOptions): HTMLElement {
  const { keyward, share } = options
  const facts = factList(share, options.user ?? null)
  let shown: string | undefined
  let lifetime = 1

  function update(): void {
    const token = keyward.tokens.snapshot.token
    const { tokenFetches, retries401, sharedTokens }: Counters = keyward.counters
    facts.fetches.textContent = String(tokenFetches)
    facts.retries.textContent = String(retries401)
    facts.shared.textContent = String(sharedTokens)
    if (token && token.accessToken !== shown) {
      shown = token.accessToken
      // From now: a token handed over by another tab shows what is left of its life.
      lifetime = Math.max(1, token.expiresAt - performance.now())
      const names = token.scope.split(' ').filter(Boolean)
      facts.scope.replaceChildren(...names.map((name) => h('li', {}, name)))
      void showBinding(token.accessToken)
    }
    tick()
  }

  async function showBinding(accessToken: string): Promise<void> {
    const { jkt, held } = await bindingOf(keyward.dpop, accessToken)
    if (accessToken !== shown) return
    const { binding } = facts
    binding.dataset.jkt = jkt ?? ''
    binding.dataset.held = String(held)
    binding.title = jkt ? `cnf.jkt: ${jkt}` : ''
    binding.textContent = !jkt
      ? 'Nothing: a bearer token'
      : `${held ? 'This tab’s key' : 'A key this tab does not hold'} (DPoP), ${jkt.slice(0, 8)}…`
  }

  function tick(): void {
    const token = keyward.tokens.snapshot.token
    if (!token) return
    const ms = token.expiresAt - performance.now()
    facts.left.textContent = ms > 0 ? clock(ms) : 'expired'
    facts.fill.style.width = `${Math.max(0, Math.min(100, (ms / lifetime) * 100))}%`
  }

  keyward.events.addEventListener('change', update)
  keyward.tokens.addEventListener('change', update)
  setInterval(tick, 1000)
  update()

  return h(
    'aside',
    { class: 'token-panel', 'aria-labelledby': 'token-title' },
    h('h2', { id: 'token-title' }, 'Your token'),
    h('p', { class: 'hint' }, 'Short-lived and scoped, from the broker; kept in memory only.'),
    facts.element,
    shareSwitch(share),
    options.emulatorUrl ? clockControl(options, options.emulatorUrl) : null
  )
}

function factList(share: boolean, user: string | null) {
  const scope = h('ul', { class: 'scopes', id: 'token-scope', 'aria-label': 'Scopes' })
  const left = h('span', { id: 'token-time-left', class: 'countdown' }, '—')
  const fill = h('span', { class: 'lifetime-fill' })
  const counter = (id: string) => h('dd', { id }, '0')
  const fetches = counter('token-fetches')
  const retries = counter('token-retries')
  const shared = counter('token-shared')
  const binding = h('dd', { id: 'token-binding' }, '—')
  const row = (label: string, value: Node) => h('div', { class: 'row' }, h('dt', {}, label), value)
  const element = h(
    'dl',
    { class: 'facts' },
    user === null ? null : row('For', h('dd', { id: 'token-user' }, user)),
    row('Scope', h('dd', {}, scope)),
    row(
      'Time left',
      h('dd', {}, left, h('span', { class: 'lifetime', 'aria-hidden': 'true' }, fill))
    ),
    row('Bound to', binding),
    row('Token fetches', fetches),
    row('401 retries', retries),
    share ? row('From other tabs', shared) : null
  )
  return { element, scope, left, fill, fetches, retries, shared, binding }
}

function shareSwitch(share: boolean): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    id: 'share',
    checked: share,
    onchange: () => location.assign(urlWithShare(box.checked)),
  })
  return h(
    'div',
    { class: 'switch' },
    box,
    h('label', { for: 'share' }, 'Share the token with my other tabs'),
    h(
      'p',
      { class: 'hint' },
      'Tabs of this site hand each other fresh tokens instead of each asking the broker.'
    )
  )
}

function clockControl({ keyward, banner, reload }: TokenPanelOptions, emulatorUrl: string) {
  const outcome = h('p', { class: 'clock-outcome', role: 'status' })
  const button = h('button', { type: 'button', class: 'primary' }, 'Advance the clock past expiry')
  button.addEventListener('click', async () => {
    const token = keyward.tokens.snapshot.token
    const remaining = token ? Math.ceil((token.expiresAt - performance.now()) / 1000) : 0
    const seconds = Math.max(remaining, UPSTREAM_TOKEN_SECONDS) + MARGIN_SECONDS
    const before = { ...keyward.counters }
    button.disabled = true
    try {
      keyward.clock.follow(await advanceClock(emulatorUrl, seconds))
      outcome.textContent = `The clock jumped ${Math.round(seconds / 60)} minutes: every token has expired. Loading the library again…`
      if (!(await reload())) {
        outcome.textContent = 'The library did not load: see the message above.'
        return
      }
      const fetched = keyward.counters.tokenFetches - before.tokenFetches
      const retried = keyward.counters.retries401 - before.retries401
      outcome.textContent = `Recovered by itself: ${fetched} new ${fetched === 1 ? 'token' : 'tokens'}, ${retried} ${retried === 1 ? 'retry' : 'retries'}, no error.`
    } catch (error) {
      outcome.textContent = ''
      await banner.report(error)
    } finally {
      button.disabled = false
    }
  })
  return h(
    'div',
    { class: 'clock' },
    h('h3', {}, 'Local mode'),
    h(
      'p',
      { class: 'hint' },
      'Moves the emulator’s clock (which the local broker follows) past the expiry of your token and of the broker’s api.video token. Watch the next request recover with no error.'
    ),
    button,
    outcome
  )
}

function clock(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const minutes = Math.floor(total / 60)
  return `${minutes}:${String(total % 60).padStart(2, '0')}`
}

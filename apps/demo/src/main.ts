import './styles.css'
import { createAnalyticsPanel } from './analytics-panel.ts'
import { loadConfig, type Modes, readModes, rememberView } from './config.ts'
import type { DemoConfig } from './demo-config.ts'
import { byId, h } from './dom.ts'
import { createErrorBanner, type ErrorBanner } from './error-banner.ts'
import { connect } from './keyward.ts'
import { createLibrary } from './library.ts'
import { startSession } from './sign-in.ts'
import { createSignInPanel } from './sign-in-panel.ts'
import { createTokenPanel } from './token-panel.ts'
import { createUploadPanel } from './upload-panel.ts'

const status = byId<HTMLParagraphElement>('status')
const announce = (message: string) => {
  status.textContent = message
}

async function main(): Promise<void> {
  let config: DemoConfig
  try {
    config = await loadConfig()
  } catch {
    byId('banner').replaceChildren(
      h(
        'div',
        { class: 'banner', 'data-code': 'config_unavailable' },
        h('p', { class: 'banner-title' }, 'The demo could not load its settings'),
        h(
          'p',
          { class: 'banner-detail' },
          '/keyward.json did not answer. Start the demo with npm run dev, then reload.'
        )
      )
    )
    return
  }
  const modes = readModes()
  const errorContext = { brokerUrl: config.brokerUrl, origin: location.origin }
  const banner = createErrorBanner(byId('banner'), errorContext)
  catchStrays(banner)
  showModes(config, modes)
  const session = await startSession(config.identityUrl)
  const keyward = connect(config, modes.scope, modes.share, session, modes.settle)
  const library = createLibrary({
    keyward,
    banner,
    announce,
    onView: rememberView,
    dialogBanner: (region) => createErrorBanner(region, errorContext),
    ...modes,
  })
  const analytics = createAnalyticsPanel({ keyward, banner, announce })
  const upload = createUploadPanel({
    keyward,
    banner,
    announce,
    onUploaded: () => void library.showNewest(),
  })
  const panel = createTokenPanel({
    keyward,
    banner,
    share: modes.share,
    emulatorUrl: config.emulatorUrl,
    reload: library.reload,
    user: session.enabled ? (session.user?.name ?? 'Signed out') : null,
  })
  byId('content').replaceChildren(upload, library.element, analytics)
  byId('side').replaceChildren(...[createSignInPanel(session), panel].filter((x) => x !== null))
  await library.reload()
}

function showModes(config: DemoConfig, modes: Modes): void {
  const chips = [
    config.emulatorUrl ? 'Local: api.video emulator' : null,
    modes.scope ? `Asks for ${modes.scope}` : null,
    modes.share ? 'Sharing tokens across tabs' : null,
    config.identityUrl ? 'Ownership: each user sees their own videos' : null,
  ].filter((chip): chip is string => chip !== null)
  byId('modes').replaceChildren(...chips.map((chip) => h('li', {}, chip)))
}

// Whatever slips through is still told as a message, never a blank page or a stack trace.
function catchStrays(banner: ErrorBanner): void {
  addEventListener('unhandledrejection', (event) => {
    event.preventDefault()
    void banner.report(event.reason)
  })
  addEventListener('error', (event) => void banner.report(event.error ?? event.message))
}

void main()

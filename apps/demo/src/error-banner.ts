import { describeError, type Trouble, type TroubleContext } from './describe-error.ts'
import { h } from './dom.ts'

export interface ErrorBanner {
  /**
   * Tells the visitor what failed. With `retry`, offers "Try again" and, when waiting may help,
   * tries again by itself after the server's `Retry-After` or a growing pause.
   */
  report(error: unknown, retry?: () => void): Promise<Trouble>
  /** Hides the banner: whatever failed works again. */
  clear(): void
}

const BACKOFF_SECONDS = [5, 10, 20, 30]

/** The one place failures are shown: an alert region above the library. */
export function createErrorBanner(
  region: HTMLElement,
  context: Omit<TroubleContext, 'brokerReachable'>
): ErrorBanner {
  let timer: ReturnType<typeof setInterval> | undefined
  let failures = 0

  const stop = () => {
    clearInterval(timer)
    timer = undefined
  }

  function render(trouble: Trouble, retry: (() => void) | undefined): void {
    stop()
    const countdown = h('p', { class: 'banner-countdown' })
    const again = () => {
      stop()
      region.replaceChildren()
      retry?.()
    }
    region.replaceChildren(
      h(
        'div',
        { class: 'banner', 'data-code': trouble.code },
        h('p', { class: 'banner-title' }, trouble.title),
        h('p', { class: 'banner-detail' }, trouble.detail),
        countdown,
        h(
          'div',
          { class: 'banner-actions' },
          retry ? h('button', { type: 'button', onclick: again }, 'Try again now') : null,
          h('button', { type: 'button', class: 'quiet', onclick: () => banner.clear() }, 'Dismiss')
        )
      )
    )
    if (!(retry && trouble.retryable)) return
    const pause = BACKOFF_SECONDS[Math.min(failures, BACKOFF_SECONDS.length - 1)] as number
    let left = trouble.retryAfterSeconds ?? pause
    const tick = () => {
      if (left <= 0) return again()
      countdown.textContent = `Trying again in ${left} s…`
      left--
    }
    tick()
    timer = setInterval(tick, 1000)
  }

  const banner: ErrorBanner = {
    async report(error, retry) {
      let trouble = describeError(error, context)
      if (trouble.code === 'broker_unreachable') {
        trouble = describeError(error, { ...context, brokerReachable: await answers(context) })
      }
      failures++
      render(trouble, retry)
      return trouble
    },
    clear() {
      stop()
      failures = 0
      region.replaceChildren()
    },
  }
  return banner
}

// A network error hides whether the broker is down or refused this origin (CORS leaves the
// answer unreadable). Its JWKS is open to every origin: if that answers, the broker is up.
async function answers({ brokerUrl }: Pick<TroubleContext, 'brokerUrl'>): Promise<boolean> {
  try {
    const response = await fetch(`${brokerUrl}/.well-known/jwks.json`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(3_000),
    })
    return response.ok
  } catch {
    return false
  }
}

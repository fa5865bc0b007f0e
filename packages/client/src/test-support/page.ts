import { vi } from 'vitest'

/**
 * Makes the Node global scope look like a page: `addEventListener` on a stand-in window and a
 * `document.hidden` the test sets. `fire` dispatches a page event such as `online`.
 */
export function stubPage() {
  const window = new EventTarget()
  const document = { hidden: false }
  vi.stubGlobal('addEventListener', window.addEventListener.bind(window))
  vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window))
  vi.stubGlobal('document', document)
  return {
    document,
    fire: (type: string) => window.dispatchEvent(new Event(type)),
  }
}

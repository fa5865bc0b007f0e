type Child = Node | string | number | false | null | undefined
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void)

/**
 * Creates an element: `on*` attributes become listeners, booleans toggle the attribute, `null`,
 * `undefined` and `false` children are skipped.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else if (typeof value === 'boolean') element.toggleAttribute(name, value)
    else if (value !== null && value !== undefined) element.setAttribute(name, String(value))
  }
  element.append(...children.filter(isPresent).map((child) => text(child)))
  return element
}

function isPresent(child: Child): child is Node | string | number {
  return child !== null && child !== undefined && child !== false
}

function text(child: Node | string | number): Node | string {
  return typeof child === 'number' ? String(child) : child
}

/** Sets whether a control can be used, and the reason it cannot (as its tooltip and description). */
export function allow(
  control: HTMLButtonElement | HTMLInputElement | HTMLSelectElement,
  reason: string | null
): void {
  control.disabled = reason !== null
  if (reason === null) control.removeAttribute('title')
  else control.title = reason
}

/** The element with this id, which the page shell guarantees. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element as T
}

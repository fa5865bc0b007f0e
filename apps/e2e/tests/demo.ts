import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test'
import { stack } from './stack.ts'

/** The users of the stack's development identity provider. */
export type DemoUser = 'alice' | 'bob' | 'admin'

/** What the demo keeps in localStorage: who was chosen (never a token). */
const USER_KEY = 'keyward-demo:user'

/**
 * Opens the demo (with URL modes such as `{ scope: 'videos:read' }`) as `user` (`null`: signed
 * out) and waits for the library. The choice is stored before the page loads, as the sign-in
 * panel stores it, so the page asks the broker for that user's token only; the sign-in panel
 * itself is driven in ownership.spec.ts. A demo without sign-in ignores it.
 */
export async function openDemo(
  page: Page,
  params: Record<string, string> = {},
  base = stack.demo,
  user: DemoUser | null = 'alice'
): Promise<void> {
  const url = new URL(base)
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  await chooseUser(page, user, base)
  await page.goto(url.toString())
  await expect(library(page)).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 })
}

/**
 * The demo's cross-tab sharing mode, as the sharing journeys open it. A new tab listens for a tab
 * that holds a token for `settle` ms (the client's default is 100 ms), then fetches its own. On a
 * loaded machine a BroadcastChannel round trip to a freshly opened tab takes up to a few hundred
 * ms, so a 100 ms window would make "the second tab fetched nothing" a matter of luck; an answer
 * ends the wait at once, so a long window costs only the first tab, which finds no other.
 */
export const SHARING = { share: '1', settle: '2000' } as const

/** Stores who the demo at `base` signs in as on its next load, as its sign-in panel does. */
export async function chooseUser(
  page: Page,
  user: DemoUser | null,
  base = stack.demo
): Promise<void> {
  const origin = new URL(base).origin
  if ((await storedUser(page, origin)) === user) return
  await page.goto(new URL('/keyward.json', origin).toString())
  await page.evaluate(
    ([key, value]) => (value ? localStorage.setItem(key, value) : localStorage.removeItem(key)),
    [USER_KEY, user] as const
  )
}

async function storedUser(page: Page, origin: string): Promise<string | null | undefined> {
  if (new URL(page.url()).origin !== origin) return undefined
  return page.evaluate((key) => localStorage.getItem(key), USER_KEY)
}

export const library = (page: Page): Locator => page.getByRole('list', { name: 'Videos' })

/** The card of the video with this exact title. */
export const card = (page: Page, title: string): Locator =>
  library(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })

export const banner = (page: Page): Locator => page.locator('#banner .banner')

/** A counter of the token panel, as a number. */
export async function counter(
  page: Page,
  name: 'token-fetches' | 'token-retries' | 'token-shared'
): Promise<number> {
  return Number(await page.locator(`#${name}`).textContent())
}

/** Searches the library by title and waits for the answer. */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search by title' }).fill(text)
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await expect(page.locator('#status')).toContainText(`matching “${text}”`)
}

/** Counts the token requests every tab of `context` sends to the broker. */
export function countTokenRequests(context: BrowserContext): () => number {
  let count = 0
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url() === `${stack.broker}/v1/token`) count++
  })
  return () => count
}

const SHOTS = join(import.meta.dirname, '../artifacts/screenshots')

/** Keeps a screenshot of a main screen as a test artifact (artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true })
  const path = join(SHOTS, `${name}.png`)
  const viewport = page.viewportSize()
  const touch = await page.evaluate(() => matchMedia('(pointer: coarse)').matches)
  if (!(touch && viewport)) {
    await page.screenshot({ path, fullPage: true, animations: 'disabled' })
    return
  }
  // A full-page capture drops touch emulation while it runs (the page would be drawn as for a
  // mouse): grow the viewport to the whole page instead.
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  await page.setViewportSize({ width: viewport.width, height })
  await page.screenshot({ path, animations: 'disabled' })
  await page.setViewportSize(viewport)
}

/**
 * Writes a deterministic file of `size` bytes to upload as if it were a video, and returns its
 * path: Chromium reads a path itself, where a buffer would cross the protocol as base64 (slowly).
 */
export async function videoFile(name: string, size: number): Promise<string> {
  const buffer = Buffer.alloc(size)
  for (let i = 0; i < size; i++) buffer[i] = (i * 31 + 7) & 0xff
  const path = test.info().outputPath(name)
  await writeFile(path, buffer)
  return path
}

/** Slows this page's uploads to `bytesPerSecond`, so progress and cancelling can be watched. */
export async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  })
}

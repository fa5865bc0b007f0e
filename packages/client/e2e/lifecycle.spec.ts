import { expect, type Page, test } from '@playwright/test'
import {
  control,
  createTokens,
  expectTokenFetches,
  getToken,
  openTab,
  tokenFetches,
} from './fixtures.ts'

// The token lives 300 s and is due for refresh from 255 s at the latest; Playwright's clock moves
// the page's timers, Date and performance.now, so no test waits that long.
const PAST_REFRESH_POINT_MS = 260_000

test.beforeEach(() => control('reset'))

// Headless Chromium keeps every page visible, so the test makes the page report a visibility
// and fires visibilitychange at the document, as the browser does (it bubbles to the window,
// where the token source listens).
const setVisibility = (page: Page, hidden: boolean) =>
  page.evaluate((isHidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden })
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (isHidden ? 'hidden' : 'visible'),
    })
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
  }, hidden)

test('refreshes a due token when the page is shown again, not while hidden', async ({
  context,
}) => {
  const tab = await openTab(context)
  await tab.clock.install()
  await createTokens(tab)
  await getToken(tab)
  await tab.clock.fastForward(PAST_REFRESH_POINT_MS)
  await setVisibility(tab, true)
  await tab.waitForTimeout(500)
  expect(await tokenFetches()).toBe(1)

  await setVisibility(tab, false)
  await expectTokenFetches(2)
  await expect.poll(() => getToken(tab)).toBe('t2')
})

test('refreshes after a sleep that outlived the token, though the monotonic clock stood still', async ({
  context,
}) => {
  const tab = await openTab(context)
  await tab.clock.install()
  await createTokens(tab)
  await getToken(tab)
  // Wall clock only: what a device sees after sleeping with its monotonic clock stopped.
  await tab.clock.setSystemTime(Date.now() + 3_600_000)
  await setVisibility(tab, false)
  await expectTokenFetches(2)
})

test('refreshes a due token when the browser comes back online', async ({ context }) => {
  const tab = await openTab(context)
  await tab.clock.install()
  await createTokens(tab)
  await getToken(tab)
  await tab.clock.fastForward(PAST_REFRESH_POINT_MS)
  await context.setOffline(true)
  await context.setOffline(false)
  await expectTokenFetches(2)
})

test('sets no timer to refresh: a due token waits for the next call or page event', async ({
  context,
}) => {
  const tab = await openTab(context)
  await tab.clock.install()
  await createTokens(tab)
  await getToken(tab)
  await tab.clock.runFor(PAST_REFRESH_POINT_MS)
  await tab.waitForTimeout(500)
  expect(await tokenFetches()).toBe(1)
})

import { expect, test } from '@playwright/test'
import {
  banner,
  counter,
  countTokenRequests,
  library,
  openDemo,
  SHARING,
  screenshot,
} from './demo.ts'
import { authRenewals, stack } from './stack.ts'

test('api.video’s own token expiring is renewed by the broker, out of the visitor’s sight', async ({
  page,
}) => {
  await openDemo(page)
  const before = await authRenewals()

  // An hour and more on the emulator's clock: the access token the broker holds has expired.
  await page.getByRole('button', { name: 'Advance the clock past expiry' }).click()

  await expect(page.locator('.clock-outcome')).toContainText('Recovered by itself', {
    timeout: 20_000,
  })
  await expect(page.locator('.clock-outcome')).toContainText('no error')
  expect(await authRenewals()).toBeGreaterThan(before)
  await expect(banner(page)).toHaveCount(0)
  await expect(library(page).getByRole('listitem').first()).toBeVisible()
})

test('a token expiring mid-session is renewed with no visible error and exactly one extra token fetch', async ({
  page,
}) => {
  const tokenRequests = countTokenRequests(page.context())
  const answers: number[] = []
  page.on('response', (res) => {
    if (res.url().startsWith(`${stack.broker}/v1/api/videos`)) answers.push(res.status())
  })
  await openDemo(page)
  await expect.poll(() => counter(page, 'token-fetches')).toBe(1)
  expect(await counter(page, 'token-retries')).toBe(0)
  expect(tokenRequests()).toBe(1)

  // The emulator's clock (which the local broker follows) jumps past every token's expiry; the
  // browser's own clock does not move, so it still sends its now-expired token once.
  await page.getByRole('button', { name: 'Advance the clock past expiry' }).click()

  await expect(page.locator('.clock-outcome')).toHaveText(
    'Recovered by itself: 1 new token, 1 retry, no error.',
    { timeout: 20_000 }
  )
  expect(await counter(page, 'token-fetches')).toBe(2)
  expect(await counter(page, 'token-retries')).toBe(1)
  expect(tokenRequests()).toBe(2)
  // The list call was refused once (401) and answered on the retry.
  expect(answers.slice(-2)).toEqual([401, 200])
  await expect(banner(page)).toHaveCount(0)
  await expect(library(page).getByRole('listitem').first()).toBeVisible()
  await screenshot(page, 'token-renewed-desktop')
})

test('a second tab takes the token the first one holds when cross-tab sharing is on', async ({
  context,
}) => {
  const tokenRequests = countTokenRequests(context)
  const first = await context.newPage()
  await openDemo(first, SHARING)
  await expect.poll(() => counter(first, 'token-fetches')).toBe(1)
  // The first tab holds its token (the library is listed) and has gone idle, so it answers the
  // second tab's ticket within the window (SHARING).
  await first.waitForLoadState('networkidle')

  const second = await context.newPage()
  await openDemo(second, SHARING)

  expect(await counter(second, 'token-fetches')).toBe(0)
  expect(await counter(second, 'token-shared')).toBe(1)
  await expect(second.locator('#token-time-left')).toHaveText(/^\d+:\d\d$/)
  await expect(library(second).getByRole('listitem').first()).toBeVisible()
  expect(tokenRequests()).toBe(1)

  // Without sharing, a tab asks the broker for its own.
  const alone = await context.newPage()
  await openDemo(alone)
  await expect.poll(() => counter(alone, 'token-fetches')).toBe(1)
  expect(tokenRequests()).toBe(2)
})

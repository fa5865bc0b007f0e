import { freePort } from '@keyward/dev-stack'
import { expect, test } from '@playwright/test'
import { banner, chooseUser, library, screenshot } from './demo.ts'
import { addFault, clearFaults, createVideo, stack, unique } from './stack.ts'
import { serveDemo } from './static-demo.ts'

test.afterEach(() => clearFaults())

test('api.video failing with 5xx: the visitor reads what is wrong, and the page recovers', async ({
  page,
}) => {
  // Signed in with a video of her own: the library has something to show once it recovers.
  await createVideo(unique('Recovers'))
  await chooseUser(page, 'alice')
  await addFault({ kind: 'error', method: 'GET', path: '/videos', status: 500 })
  await page.goto(stack.demo)

  await expect(banner(page)).toContainText('api.video is having trouble', { timeout: 20_000 })
  await expect(banner(page)).toContainText('api.video answered 500.')
  await expect(banner(page)).toContainText(/Trying again in \d+ s…/)
  await screenshot(page, 'error-upstream-desktop')

  await clearFaults()
  await banner(page).getByRole('button', { name: 'Try again now' }).click()
  await expect(banner(page)).toHaveCount(0)
  await expect(library(page).getByRole('listitem').first()).toBeVisible()
})

test('api.video rate limiting: the wait is shown, and the page tries again by itself', async ({
  page,
}) => {
  await createVideo(unique('Waits'))
  await chooseUser(page, 'alice')
  await addFault({ kind: 'rate-limit', method: 'GET', path: '/videos', retryAfterSeconds: 3 })
  await page.goto(stack.demo)

  await expect(banner(page)).toContainText('api.video is rate-limiting this account', {
    timeout: 20_000,
  })
  await expect(banner(page)).toContainText(/Trying again in [123] s…/)

  await clearFaults()
  // No click: the countdown runs out and the library loads.
  await expect(banner(page)).toHaveCount(0, { timeout: 10_000 })
  await expect(library(page).getByRole('listitem').first()).toBeVisible()
  await expect(library(page)).toHaveAttribute('aria-busy', 'false')
})

test('a broker that does not answer is explained, not a blank page', async ({ page }) => {
  const down = `http://127.0.0.1:${await freePort()}`
  const demo = await serveDemo({ brokerUrl: down, emulatorUrl: null })
  try {
    await page.goto(demo.url)
    // The client retries the token three times first (about seven seconds at most).
    await expect(banner(page)).toContainText('Can’t reach the broker', { timeout: 20_000 })
    await expect(banner(page)).toContainText(`Nothing answered at ${down}.`)
    await expect(page.getByRole('heading', { name: 'Your videos' })).toBeVisible()
  } finally {
    await demo.close()
  }
})

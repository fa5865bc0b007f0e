import { expect, type Page, test } from '@playwright/test'
import { banner, card, library, openDemo, screenshot, search } from './demo.ts'
import { addFault, clearFaults, createVideo, stack, unique } from './stack.ts'

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

// Nothing wider than the screen: no sideways scrolling on a phone.
async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  )
  expect(overflow).toBeLessThanOrEqual(0)
}

test('on a phone the library is one column that fits the screen, with the token panel below', async ({
  page,
}) => {
  const prefix = unique('Phone')
  await Promise.all([1, 2, 3].map((n) => createVideo(`${prefix} ${n}`)))
  await openDemo(page)
  await search(page, prefix)

  const lefts = await library(page)
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().left)))
  expect(lefts).toHaveLength(3)
  expect(new Set(lefts).size).toBe(1)
  const listBottom = (await library(page).boundingBox())?.y ?? 0
  expect((await page.locator('.token-panel').boundingBox())?.y).toBeGreaterThan(listBottom)
  // Touch screens have nothing to drag: the picker says only what works.
  await expect(page.getByText('Drag a video here, or')).toBeHidden()
  const edit = card(page, `${prefix} 1`).getByRole('button', { name: /^Edit title/ })
  expect((await edit.boundingBox())?.height).toBeGreaterThanOrEqual(44)
  await fitsTheScreen(page)
  await screenshot(page, 'library-phone')
})

test('on a phone the read-only reason and an error message are readable', async ({ page }) => {
  await openDemo(page, { scope: 'videos:read' })
  await expect(page.locator('.dropzone .reason')).toBeVisible()
  await fitsTheScreen(page)
  await screenshot(page, 'read-only-phone')

  await addFault({ kind: 'rate-limit', method: 'GET', path: '/videos', retryAfterSeconds: 30 })
  try {
    await page.goto(stack.demo)
    await expect(banner(page)).toContainText('api.video is rate-limiting this account', {
      timeout: 20_000,
    })
    await fitsTheScreen(page)
    await screenshot(page, 'error-rate-limited-phone')
  } finally {
    await clearFaults()
  }
})

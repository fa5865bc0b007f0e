import { expect, test } from '@playwright/test'
import { card, library, openDemo, screenshot, search } from './demo.ts'
import { createVideo, stack, unique } from './stack.ts'

test('the first load lists the account’s videos through the broker, with thumbnails and dates', async ({
  page,
}) => {
  const title = unique('First load')
  const videoId = await createVideo(title)
  const calls: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'fetch') calls.push(`${request.method()} ${request.url()}`)
  })

  await openDemo(page)

  const item = card(page, title)
  await expect(item).toBeVisible()
  await expect(item.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/)
  const thumbnail = item.locator('img')
  await expect(thumbnail).toHaveAttribute('src', new RegExp(`/vod/${videoId}/thumbnail`))
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0)
  await expect(page.locator('#status')).toContainText(/\d+ videos?, page 1 of \d+/)
  // The token came from the broker, the list through its proxy: never from api.video directly.
  expect(calls).toContain(`POST ${stack.broker}/v1/token`)
  expect(calls.some((call) => call.startsWith(`GET ${stack.broker}/v1/api/videos?`))).toBe(true)
  // (Local mode reads the emulator's clock from its control plane, which is not api.video's API.)
  const direct = calls.filter((call) => call.includes(stack.emulator))
  expect(direct.filter((call) => !call.includes(`${stack.emulator}/_emulator/`))).toEqual([])
  await screenshot(page, 'library-desktop')
})

test('a video whose thumbnail cannot load shows a placeholder, not a broken image', async ({
  page,
}) => {
  const title = unique('No thumbnail')
  const videoId = await createVideo(title)
  await page.route(`**/vod/${videoId}/thumbnail.jpg`, (route) => route.abort())

  await openDemo(page)

  await expect(card(page, title).locator('[data-placeholder]')).toBeVisible()
  await expect(card(page, title).locator('img')).toHaveCount(0)
})

test('searching by title narrows the list, and the pages move through the results', async ({
  page,
}) => {
  const prefix = unique('Pager')
  const numbers = Array.from({ length: 14 }, (_, i) => String(i + 1).padStart(2, '0'))
  await Promise.all(numbers.map((n) => createVideo(`${prefix} ${n}`)))

  await openDemo(page)
  await search(page, prefix)

  const titles = () => library(page).getByRole('heading').allTextContents()
  await expect(library(page).getByRole('listitem')).toHaveCount(12)
  await expect(page.locator('#status')).toHaveText(`14 videos matching “${prefix}”, page 1 of 2.`)
  const first = await titles()
  const previous = page.getByRole('button', { name: 'Previous' })
  const next = page.getByRole('button', { name: 'Next' })
  await expect(previous).toBeDisabled()

  await next.click()
  await expect(page.locator('.pager-position')).toHaveText('Page 2 of 2')
  await expect(library(page).getByRole('listitem')).toHaveCount(2)
  const second = await titles()
  expect(new Set([...first, ...second]).size).toBe(14)
  expect([...first, ...second].every((title) => title.startsWith(prefix))).toBe(true)
  await expect(next).toBeDisabled()

  // The search and page live in the address: a reload comes back to the same view.
  await page.reload()
  await expect(page.locator('.pager-position')).toHaveText('Page 2 of 2')
  await expect(page.getByRole('searchbox', { name: 'Search by title' })).toHaveValue(prefix)

  await previous.click()
  await expect(library(page).getByRole('listitem')).toHaveCount(12)
  expect(await titles()).toEqual(first)

  await search(page, `${prefix} nothing like this`)
  await expect(library(page).getByRole('listitem')).toHaveCount(0)
  await expect(
    page.getByText(`No video has “${prefix} nothing like this” in its title.`)
  ).toBeVisible()
})

import { expect, test } from '@playwright/test'
import { banner, card, openDemo, screenshot, search } from './demo.ts'
import { createVideo, emulator, unique, videoExists } from './stack.ts'

test('a title is edited with the keyboard alone, and api.video keeps the new one', async ({
  page,
}) => {
  const title = unique('Draft title')
  const renamed = `${title} (final)`
  const videoId = await createVideo(title)
  await openDemo(page)
  await search(page, title)

  // Tab from the search button: the video's player link, then its first action.
  await page.getByRole('button', { name: 'Search', exact: true }).focus()
  await page.keyboard.press('Tab')
  await expect(card(page, title).getByRole('link', { name: title })).toBeFocused()
  await page.keyboard.press('Tab')
  const edit = card(page, title).getByRole('button', { name: /^Edit title/ })
  await expect(edit).toBeFocused()
  // Focus is visible: an outline, not the browser's nothing.
  expect(await edit.evaluate((button) => getComputedStyle(button).outlineStyle)).not.toBe('none')
  await page.keyboard.press('Enter')
  const field = page.getByRole('textbox', { name: 'New title' })
  await expect(field).toBeFocused()
  await screenshot(page, 'edit-title-desktop')

  // Escape gives up, Enter saves.
  await page.keyboard.press('Escape')
  await expect(field).toBeHidden()
  await expect(edit).toBeFocused()
  await page.keyboard.press('Enter')
  await page.keyboard.type(renamed)
  await page.keyboard.press('Enter')

  await expect(card(page, renamed)).toBeVisible()
  await expect(page.locator('#status')).toHaveText(`Renamed “${title}” to “${renamed}”.`)
  await expect(card(page, renamed).getByRole('button', { name: /^Edit title/ })).toBeFocused()
  expect((await emulator<{ title: string }>(`/videos/${videoId}`)).title).toBe(renamed)
})

test('a video is deleted once the visitor confirms, and is gone from api.video', async ({
  page,
}) => {
  const title = unique('Unwanted')
  const videoId = await createVideo(title)
  await openDemo(page)
  await search(page, title)

  await card(page, title)
    .getByRole('button', { name: `Delete “${title}”` })
    .click()
  // A second, explicit step; "Keep" backs out.
  await card(page, title).getByRole('button', { name: 'Keep' }).click()
  expect(await videoExists(videoId)).toBe(true)
  await card(page, title)
    .getByRole('button', { name: `Delete “${title}”` })
    .click()
  await card(page, title).getByRole('button', { name: 'Yes, delete' }).click()

  await expect(card(page, title)).toHaveCount(0)
  await expect(page.locator('#status')).toHaveText(`Deleted “${title}”.`)
  expect(await videoExists(videoId)).toBe(false)
})

test('a read-only visitor sees edit, delete, upload and the plays chart off with the reason, and the broker refuses a forced delete and analytics', async ({
  page,
}) => {
  const title = unique('Read only')
  const videoId = await createVideo(title)
  await openDemo(page, { scope: 'videos:read' })
  await search(page, title)

  await expect(page.locator('#token-scope li')).toHaveText(['videos:read'])
  const remove = card(page, title).getByRole('button', { name: `Delete “${title}”` })
  await expect(remove).toBeDisabled()
  await expect(remove).toHaveAttribute('title', /Your token only has videos:read/)
  await expect(card(page, title).getByRole('button', { name: /^Edit title/ })).toBeDisabled()
  await expect(page.locator('#scope-note')).toHaveText(
    'Your token only has videos:read: editing needs videos:write, deleting needs videos:delete. Those buttons are off.'
  )
  await expect(page.getByLabel('Choose a video file')).toBeDisabled()
  await expect(page.locator('.dropzone .reason')).toHaveText(
    'Your token only has videos:read (uploading needs videos:upload)'
  )
  const plays = page.getByRole('button', { name: 'Show plays' })
  await expect(plays).toBeDisabled()
  // Plays count every user's videos: with ownership on, the reason is that only an admin may.
  await expect(page.locator('.analytics .reason')).toHaveText(
    'Plays are counted across every user’s videos, so with ownership on only an admin may see them: sign in as Admin'
  )
  await screenshot(page, 'read-only-desktop')

  // The buttons only mirror the token. Forced on, the delete reaches the broker, which refuses.
  await remove.evaluate((button: HTMLButtonElement) => {
    button.disabled = false
  })
  await remove.click()
  const refused = page.waitForResponse((res) => res.request().method() === 'DELETE')
  await card(page, title).getByRole('button', { name: 'Yes, delete' }).click()
  expect((await refused).status()).toBe(403)
  await expect(banner(page)).toContainText('Your token doesn’t allow this')
  await expect(banner(page)).toContainText('This operation needs the scope videos:delete.')
  expect(await videoExists(videoId)).toBe(true)

  // Likewise analytics: the broker refuses the chart's first call without analytics:read.
  await plays.evaluate((button: HTMLButtonElement) => {
    button.disabled = false
  })
  const analytics = page.waitForResponse(
    (res) => res.request().method() === 'GET' && res.url().includes('/v1/api/data/')
  )
  await plays.click()
  expect((await analytics).status()).toBe(403)
  await expect(banner(page)).toContainText('This operation needs the scope analytics:read.')
})

import { expect, test } from '@playwright/test'
import { card, openDemo, screenshot, search } from './demo.ts'
import { asset, createVideo, emulator, unique } from './stack.ts'

// A 1×1 PNG: api.video recognises images by their bytes, not their name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
)

const thumbnailOf = async (videoId: string) =>
  (await emulator<{ assets: { thumbnail: string } }>(`/videos/${videoId}`)).assets.thumbnail

test('a thumbnail is picked from a timecode, then uploaded as a PNG, and api.video serves each', async ({
  page,
}) => {
  const title = unique('Thumbnail')
  const videoId = await createVideo(title)
  const original = await thumbnailOf(videoId)
  await openDemo(page)
  await search(page, title)
  await card(page, title)
    .getByRole('button', { name: `Thumbnail and captions of “${title}”` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Thumbnail and captions of “${title}”` })

  await dialog.getByLabel('Frame at (hh:mm:ss.ms)').fill('00:00:03.00')
  await dialog.getByRole('button', { name: 'Use this frame' }).click()
  await expect(dialog.getByRole('status')).toHaveText(
    'The thumbnail is now the frame at 00:00:03.00.'
  )
  const picked = await thumbnailOf(videoId)
  expect(picked).not.toBe(original)
  // The emulator draws a picked frame as its title and timecode.
  expect((await asset(picked)).toString()).toContain(`${title} @ 00:00:03.00`)
  await expect(
    dialog.getByRole('img', { name: `Current thumbnail of “${title}”` })
  ).toHaveAttribute('src', picked)

  await dialog
    .getByLabel('Or upload an image (JPEG or PNG, up to 8 MB)')
    .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: PNG })
  await expect(dialog.getByRole('status')).toHaveText('“cover.png” is now the thumbnail.')
  const uploaded = await thumbnailOf(videoId)
  expect(uploaded).not.toBe(picked)
  expect(await asset(uploaded)).toEqual(PNG)
  await screenshot(page, 'thumbnail-and-captions-desktop')

  // Closed, the library shows the new thumbnail on the card, loaded.
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  const image = card(page, title).locator('.thumb img')
  await expect(image).toHaveAttribute('src', uploaded)
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1)
})

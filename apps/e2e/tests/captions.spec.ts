import { expect, test } from '@playwright/test'
import { card, openDemo, search } from './demo.ts'
import { asset, createVideo, emulator, postForm, unique } from './stack.ts'

const VTT = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour !\n'

interface Caption {
  srclang: string
  src: string
}

test('a caption track is added from a WebVTT file and removed again, and api.video follows', async ({
  page,
}) => {
  const title = unique('Captioned')
  const videoId = await createVideo(title)
  await openDemo(page)
  await search(page, title)
  await card(page, title)
    .getByRole('button', { name: `Thumbnail and captions of “${title}”` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Thumbnail and captions of “${title}”` })
  const tracks = dialog.getByRole('list', { name: 'Caption tracks' })
  await expect(tracks).toHaveAttribute('aria-busy', 'false')
  await expect(dialog.getByText('No captions yet.')).toBeVisible()

  await dialog.getByLabel('Language').selectOption('fr')
  await dialog
    .getByLabel('WebVTT file (.vtt)')
    .setInputFiles({ name: 'bonjour.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT) })
  await dialog.getByRole('button', { name: 'Add captions' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Added the Français captions.')
  await expect(tracks.getByRole('listitem')).toHaveCount(1)
  await expect(tracks.getByRole('link', { name: 'Français' })).toBeVisible()

  // api.video has the track, with the very file sent.
  const caption = await emulator<Caption>(`/videos/${videoId}/captions/fr`)
  expect(caption.srclang).toBe('fr')
  expect((await asset(caption.src)).toString()).toBe(VTT)

  await dialog.getByRole('button', { name: 'Remove the Français captions' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Removed the Français captions.')
  await expect(dialog.getByText('No captions yet.')).toBeVisible()
  expect((await emulator<{ data: Caption[] }>(`/videos/${videoId}/captions`)).data).toEqual([])
})

test('a read-only visitor sees the tracks but cannot add or remove one', async ({ page }) => {
  const title = unique('Read-only captions')
  const videoId = await createVideo(title)
  const form = new FormData()
  form.append('file', new Blob([VTT], { type: 'text/vtt' }), 'en.vtt')
  await postForm(`/videos/${videoId}/captions/en`, form)
  await openDemo(page, { scope: 'videos:read' })
  await search(page, title)
  await card(page, title)
    .getByRole('button', { name: `Thumbnail and captions of “${title}”` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Thumbnail and captions of “${title}”` })

  await expect(dialog.getByRole('link', { name: 'English' })).toBeVisible()
  const remove = dialog.getByRole('button', { name: 'Remove the English captions' })
  await expect(remove).toBeDisabled()
  await expect(remove).toHaveAttribute('title', /videos:write/)
  await expect(dialog.getByRole('button', { name: 'Add captions' })).toBeDisabled()
  await expect(dialog.getByRole('button', { name: 'Use this frame' })).toBeDisabled()
})

import { expect, type Page, test } from '@playwright/test'
import { card, openDemo, screenshot, throttleUploads, videoFile } from './demo.ts'
import { findVideos, ingestOf, unique } from './stack.ts'

const MIB = 1024 * 1024

// Records every value the upload progress bar takes.
async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const bar = document.querySelector('progress') as HTMLProgressElement
    const seen: number[] = []
    Object.assign(window, { progressSeen: seen })
    new MutationObserver(() => seen.push(bar.value)).observe(bar, { attributes: true })
  })
  return () => page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen)
}

test('a real 12 MiB file goes up in three chunks, progress reaches 100%, and it is listed', async ({
  page,
}) => {
  const name = unique('Holiday clip')
  await openDemo(page)
  const progress = await recordProgress(page)
  // About 1.5 s at 8 MiB/s: long enough for progress events to arrive along the way.
  await throttleUploads(page, 8 * MIB)

  await page
    .getByLabel('Choose a video file')
    .setInputFiles(await videoFile(`${name}.mp4`, 12 * MIB))

  await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveJSProperty(
    'value',
    100,
    {
      timeout: 30_000,
    }
  )
  await expect(page.locator('.upload-status')).toHaveText(
    `Uploaded “${name}”: 100%. It is now at the top of your library.`
  )
  const values = await progress()
  expect(values.some((value) => value > 0 && value < 100)).toBe(true)
  expect(values.at(-1)).toBe(100)
  await expect(card(page, name)).toBeVisible()
  await screenshot(page, 'upload-done-desktop')

  // What api.video received: the official uploader's three linked chunks, all of the bytes.
  const [video] = await findVideos(name)
  const ingest = await ingestOf(video?.videoId as string)
  expect(ingest).toMatchObject({ totalParts: 3, receivedBytes: 12 * MIB })
  expect(ingest.parts.map((part) => part.size)).toEqual([5 * MIB, 5 * MIB, 2 * MIB])
  expect(ingest.completedAt).not.toBeNull()
})

test('a file dragged onto the drop zone is uploaded too', async ({ page }) => {
  const name = unique('Dropped clip')
  await openDemo(page)

  const zone = page.locator('.dropzone')
  const dataTransfer = await page.evaluateHandle((fileName) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(1024 * 1024)], fileName, { type: 'video/mp4' }))
    return transfer
  }, `${name}.mp4`)
  await zone.dispatchEvent('dragenter', { dataTransfer })
  await expect(zone).toHaveAttribute('data-state', 'over')
  await zone.dispatchEvent('drop', { dataTransfer })

  await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveJSProperty(
    'value',
    100
  )
  await expect(card(page, name)).toBeVisible()
})

test('cancelling stops the upload under way and keeps nothing', async ({ page }) => {
  const name = unique('Cancelled clip')
  await openDemo(page)
  // 12 MiB at 1 MiB/s: the first chunk alone takes five seconds.
  await throttleUploads(page, MIB)

  await page
    .getByLabel('Choose a video file')
    .setInputFiles(await videoFile(`${name}.mp4`, 12 * MIB))
  await expect(page.locator('.upload-status')).toHaveText(/Uploading… \d+%/)
  await page.getByRole('button', { name: 'Cancel upload' }).click()

  await expect(page.locator('.upload-status')).toHaveText('Upload cancelled. Nothing was kept.')
  await expect(page.getByRole('button', { name: 'Cancel upload' })).toBeHidden()
  await expect(page.getByLabel('Choose a video file')).toBeEnabled()
  // Give a cut request time to land, had it not been cut: api.video has no such video.
  await page.waitForTimeout(1_000)
  expect(await findVideos(name)).toEqual([])
})

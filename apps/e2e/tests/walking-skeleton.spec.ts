import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { createVideo, stack } from './stack.ts'

test('the demo lists the videos of the account through the broker', async ({ page }) => {
  const title = `Skeleton ${Date.now()}`
  await createVideo(title)
  await page.goto(stack.demo)
  await expect(page.getByRole('list', { name: 'Videos' })).toContainText(title)
})

test('the API key reaches no response the browser receives and no built asset', async ({
  page,
}) => {
  const seen: string[] = []
  page.on('response', async (response) => {
    seen.push(JSON.stringify(response.headers()))
    seen.push(await response.text().catch(() => ''))
  })
  await createVideo(`Secret check ${Date.now()}`)
  await page.goto(stack.demo)
  await expect(page.getByRole('status')).toContainText('videos')
  expect(seen.length).toBeGreaterThan(4)
  for (const text of seen) {
    expect(text).not.toContain(stack.apiKey)
    expect(text).not.toContain(stack.signingKeyD)
  }

  const dist = join(import.meta.dirname, '../../demo/dist')
  const files = (await readdir(dist, { recursive: true, withFileTypes: true })).filter((f) =>
    f.isFile()
  )
  expect(files.length).toBeGreaterThan(0)
  for (const file of files) {
    const content = await readFile(join(file.parentPath, file.name), 'utf8')
    expect(content).not.toContain(stack.apiKey)
    expect(content).not.toContain(stack.signingKeyD)
  }
})

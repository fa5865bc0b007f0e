import { type Browser, expect, type Page, test } from '@playwright/test'
import { card, library, openDemo, screenshot, search, videoFile } from './demo.ts'
import { signInFromNode } from './dpop.ts'
import { emulator, findVideos, ingestOf, OWNER_KEY, stack, unique, videoExists } from './stack.ts'

interface Video {
  videoId: string
  title: string
  metadata: Array<{ key: string; value: string }>
}

/** A browser context of its own (its own storage: its own sign-in), opened on the demo signed out. */
async function visitor(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await openDemo(page, {}, stack.demo, null)
  return page
}

/** Signs in through the demo's panel, which reloads the page as that user. */
async function signInAs(page: Page, name: 'Alice' | 'Bob'): Promise<void> {
  const choice = page.getByRole('group', { name: 'Sign in as' }).getByRole('button', { name })
  await Promise.all([page.waitForEvent('load'), choice.click()])
  await expect(page.locator('#signed-in-as')).toHaveText(
    `Signed in as ${name}: you see and change only your own videos.`
  )
  await expect(page.locator('#token-user')).toHaveText(name)
  await expect(library(page)).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 })
}

/** Uploads a small file through the demo and waits until it is listed. */
async function upload(page: Page, title: string): Promise<void> {
  await page
    .getByLabel('Choose a video file')
    .setInputFiles(await videoFile(`${title}.mp4`, 65_536))
  await expect(page.locator('.upload-status')).toHaveText(
    `Uploaded “${title}”: 100%. It is now at the top of your library.`,
    { timeout: 30_000 }
  )
  await expect(card(page, title)).toBeVisible()
}

test('each user sees and changes only their own videos', async ({ browser }) => {
  test.setTimeout(120_000)
  const aliceTitle = unique('Alice clip')
  const renamed = `${aliceTitle} (edited)`
  const bobTitle = unique('Bob clip')

  // Signed out: read-only, and the page says why there is nothing to list.
  const alice = await visitor(browser)
  await expect(alice.locator('#signed-in-as')).toHaveText('Signed out: a read-only visitor.')
  await expect(alice.getByText('Signed out, there is no catalogue to show')).toBeVisible()
  await expect(alice.locator('#token-scope li')).toHaveText(['videos:read'])
  await expect(alice.getByLabel('Choose a video file')).toBeDisabled()
  await expect(alice.locator('.dropzone .reason')).toHaveText(
    'Signed out, you can only watch: sign in to upload'
  )
  await screenshot(alice, 'signed-out-desktop')

  // Alice signs in, uploads into the video the broker made for her, and renames it.
  await signInAs(alice, 'Alice')
  await upload(alice, aliceTitle)
  const [uploaded, ...more] = await findVideos(aliceTitle)
  expect(more).toEqual([])
  const aliceVideo = uploaded?.videoId as string
  const stored = await emulator<Video>(`/videos/${aliceVideo}`)
  expect(stored.metadata).toContainEqual({ key: OWNER_KEY, value: 'alice' })
  expect(await ingestOf(aliceVideo)).toMatchObject({ receivedBytes: 65_536 })
  expect((await ingestOf(aliceVideo)).completedAt).not.toBeNull()

  await card(alice, aliceTitle)
    .getByRole('button', { name: /^Edit title/ })
    .click()
  await alice.getByRole('textbox', { name: 'New title' }).fill(renamed)
  await alice.keyboard.press('Enter')
  await expect(card(alice, renamed)).toBeVisible()
  expect((await emulator<Video>(`/videos/${aliceVideo}`)).title).toBe(renamed)
  await screenshot(alice, 'signed-in-alice-desktop')

  // Bob, in another browser context: his own upload, and none of Alice's.
  const bob = await visitor(browser)
  await signInAs(bob, 'Bob')
  await upload(bob, bobTitle)
  await search(bob, renamed)
  await expect(library(bob).getByRole('listitem')).toHaveCount(0)

  // By id through the proxy, Alice's video does not exist for Bob: not readable, not deletable.
  // The page's token is bound to a key it cannot export (DPoP), so these calls carry Bob's own
  // sign-in and a key of their own; the control shows the same caller reaches his own video.
  const bobFromNode = await signInFromNode('bob')
  const [bobVideo] = await findVideos(bobTitle)
  expect(await bobFromNode.call('GET', `/videos/${bobVideo?.videoId}`)).toEqual({
    status: 200,
    code: undefined,
  })
  expect(await bobFromNode.call('GET', `/videos/${aliceVideo}`)).toEqual({
    status: 404,
    code: 'not_found',
  })
  expect(await bobFromNode.call('DELETE', `/videos/${aliceVideo}`)).toEqual({
    status: 404,
    code: 'not_found',
  })
  expect(await videoExists(aliceVideo)).toBe(true)

  // After a reload each finds their own uploads, and only those.
  await alice.reload()
  await expect(library(alice)).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 })
  await expect(alice.locator('#signed-in-as')).toContainText('Signed in as Alice')
  await expect(card(alice, renamed)).toBeVisible()
  await expect(card(alice, bobTitle)).toHaveCount(0)

  await bob.reload()
  await expect(library(bob)).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 })
  await search(bob, bobTitle)
  await expect(card(bob, bobTitle)).toBeVisible()
  await search(bob, 'Alice clip')
  await expect(library(bob).getByRole('listitem')).toHaveCount(0)
})

test('signing out of one tab signs out its other tabs too', async ({ browser }) => {
  const first = await visitor(browser)
  await signInAs(first, 'Alice')
  const second = await first.context().newPage()
  await openDemo(second)
  await expect(second.locator('#signed-in-as')).toContainText('Signed in as Alice')

  await Promise.all([
    second.waitForEvent('load'),
    first.waitForEvent('load'),
    first.getByRole('button', { name: 'Sign out' }).click(),
  ])
  await expect(second.locator('#signed-in-as')).toHaveText('Signed out: a read-only visitor.')
})

import { join } from 'node:path'
import { type Stack, startStack } from '@keyward/dev-stack'
import { expect, test } from '@playwright/test'
import { banner, card, counter, library, openDemo, search, videoFile } from './demo.ts'
import {
  brokerTokens,
  browserStorage,
  builtAssets,
  type Sighting,
  sightingsOf,
  upstreamAccessTokens,
  upstreamRefreshTokens,
  watchBrowser,
} from './secrets.ts'
import { createVideo, stack, unique } from './stack.ts'
import { serveDemo } from './static-demo.ts'

// The API key as sent raw, and as HTTP Basic credentials (how api.video's SDKs send it).
const keyForms = (apiKey: string) => [apiKey, Buffer.from(`${apiKey}:`).toString('base64')]

test('no secret reaches the browser: not the API key, the signing key, or api.video’s tokens', async ({
  context,
  page,
}) => {
  // The longest journey of the suite: a whole session, then every storage area and asset.
  test.setTimeout(120_000)
  const seen = watchBrowser(context)
  const title = unique('Secret check')
  await createVideo(title)

  // A whole session: list, search, upload, rename, delete, a second tab, the clock jump.
  await openDemo(page, { share: '1' })
  await search(page, title)
  await page
    .getByLabel('Choose a video file')
    .setInputFiles(await videoFile(`${title} upload.mp4`, 1024 * 1024))
  await expect(page.locator('.upload-status')).toContainText('Uploaded', { timeout: 30_000 })
  await search(page, title)
  await card(page, title)
    .getByRole('button', { name: /^Edit title/ })
    .click()
  await page.getByRole('textbox', { name: 'New title' }).fill(`${title} renamed`)
  await page.keyboard.press('Enter')
  await card(page, `${title} renamed`)
    .getByRole('button', { name: /^Delete/ })
    .click()
  await page.getByRole('button', { name: 'Yes, delete' }).click()
  await expect(card(page, `${title} renamed`)).toHaveCount(0)
  const second = await context.newPage()
  await openDemo(second, { share: '1' })
  await page.getByRole('button', { name: 'Advance the clock past expiry' }).click()
  await expect(page.locator('.clock-outcome')).toContainText('Recovered by itself', {
    timeout: 20_000,
  })

  const sightings: Sighting[] = [
    ...(await seen()),
    ...(await browserStorage(context, [page, second])),
    ...(await builtAssets()),
  ]
  // The scan reads what carries tokens: it finds the broker's own tokens and the upload token.
  expect(brokerTokens(sightings).length).toBeGreaterThan(0)
  expect(sightingsOf(['"token":"to'], sightings).length).toBeGreaterThan(0)
  expect(sightings.some(({ where }) => where.startsWith('built asset'))).toBe(true)

  expect(sightingsOf(keyForms(stack.apiKey), sightings)).toEqual([])
  expect(sightingsOf([stack.signingKeyD], sightings)).toEqual([])
  expect(upstreamAccessTokens(sightings, stack.projectId)).toEqual([])
  expect(upstreamRefreshTokens(sightings)).toEqual([])
})

test('a page served from an origin not on the allow-list gets no token', async ({
  context,
  page,
}) => {
  const seen = watchBrowser(context)
  const failed: string[] = []
  page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}`))
  const elsewhere = await serveDemo({ brokerUrl: stack.broker, emulatorUrl: null })
  try {
    await page.goto(elsewhere.url)
    await expect(banner(page)).toContainText('This site may not use the broker', {
      timeout: 20_000,
    })
    await expect(banner(page)).toContainText(`${elsewhere.url} is not one of them`)
  } finally {
    await elsewhere.close()
  }
  const sightings = await seen()
  expect(failed).toContain(`POST ${stack.broker}/v1/token`)
  expect(brokerTokens(sightings)).toEqual([])
  const fromBroker = sightings.filter(({ where }) => where.includes(stack.broker))
  expect(sightingsOf(['access_token'], fromBroker)).toEqual([])
  expect(await counter(page, 'token-fetches')).toBeGreaterThan(0)
  await expect(library(page).getByRole('listitem')).toHaveCount(0)
})

test.describe('passthrough mode', () => {
  let passthrough: Stack
  const projectId = `prPassthrough${Date.now().toString(36)}`

  test.beforeAll(async () => {
    test.setTimeout(150_000)
    passthrough = await startStack({
      ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0, identity: 0 },
      demo: 'preview',
      // Passthrough hands out the account-wide token: no ownership, no sign-in.
      ownership: false,
      emulatorArgs: ['--assets', 'local', '--project-id', projectId, '--seed-videos', '3'],
      brokerVars: { TOKEN_MODE: 'passthrough' },
      stateDir: join(import.meta.dirname, '../../../.stack/e2e-passthrough'),
    })
  })
  test.afterAll(() => passthrough?.stop())

  test('hands the browser api.video’s access token, and nothing else secret', async ({
    context,
    page,
  }) => {
    const seen = watchBrowser(context)
    await openDemo(page, {}, passthrough.urls.demo ?? '')
    await expect(page.locator('#token-scope li')).toHaveText(['apivideo:*'])
    await expect(library(page).getByRole('listitem')).toHaveCount(3)
    await expect(page.locator('.dropzone .reason')).toHaveText(
      'Passthrough mode hands out no upload tokens'
    )

    const sightings = [...(await seen()), ...(await browserStorage(context, [page]))]
    // The detector that finds nothing in broker mode finds the upstream token here: in the
    // broker's answer and on every call the page makes to api.video.
    const upstream = upstreamAccessTokens(sightings, projectId)
    expect(upstream.map(({ where }) => where)).toEqual(
      expect.arrayContaining([
        `response 200 ${passthrough.urls.broker}/v1/token`,
        expect.stringMatching(`^request GET ${passthrough.urls.emulator}/videos`),
      ])
    )
    expect(sightingsOf(keyForms(passthrough.apiKey), sightings)).toEqual([])
    expect(sightingsOf([String(passthrough.signingKey.d)], sightings)).toEqual([])
    expect(upstreamRefreshTokens(sightings)).toEqual([])
  })
})

import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { type Stack, startStack } from '@keyward/dev-stack'
import { expect, type Page, test } from '@playwright/test'
import { banner, card, counter, library, openDemo, SHARING, search, videoFile } from './demo.ts'
import {
  claimsOf,
  fromNode,
  headerOf,
  nodeSigner,
  recordBrokerRequests,
  type SeenRequest,
  signInFromNode,
  thumbprint,
} from './dpop.ts'
import { findVideos, stack, unique, videoExists } from './stack.ts'

const TOKEN_URL = `${stack.broker}/v1/token`
const VIDEOS_URL = `${stack.broker}/v1/api/videos`

interface TokenAnswer {
  access_token: string
  token_type: string
}

/** Opens the demo and reads its broker token off the network, as an extension or a HAR would. */
async function openAndReadToken(page: Page, params: Record<string, string> = {}) {
  const answer = page.waitForResponse(
    (response) => response.url() === TOKEN_URL && response.request().method() === 'POST'
  )
  await openDemo(page, params)
  return (await (await answer).json()) as TokenAnswer
}

/** The calls that carry the broker token: everything but token requests. */
const apiCalls = (seen: SeenRequest[]) => seen.filter(({ url }) => url !== TOKEN_URL)

test('with DPoP required, the token is bound to the tab’s key and every broker call proves it holds the key', async ({
  page,
}) => {
  const seen = recordBrokerRequests(page)
  const token = await openAndReadToken(page)
  expect(token.token_type).toBe('DPoP')

  const tokenRequest = seen.find(({ url }) => url === TOKEN_URL)
  expect(tokenRequest).toMatchObject({ method: 'POST', url: TOKEN_URL, status: 200 })
  const proof = tokenRequest?.headers.dpop as string
  expect(headerOf(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' })
  // The token's cnf.jkt is the thumbprint of the key in the tab's proofs (RFC 9449 §6.1).
  const jkt = thumbprint(headerOf(proof).jwk as Record<string, string>)
  expect(claimsOf(token.access_token).cnf).toEqual({ jkt })
  await expect(page.locator('#token-binding')).toHaveAttribute('data-jkt', jkt)
  await expect(page.locator('#token-binding')).toHaveAttribute('data-held', 'true')
  await expect(page.locator('#token-binding')).toContainText('This tab’s key (DPoP)')

  const calls = apiCalls(seen)
  expect(calls.length).toBeGreaterThan(0)
  for (const call of calls) {
    expect(call.headers.authorization).toBe(`DPoP ${token.access_token}`)
    expect(thumbprint(headerOf(call.headers.dpop as string).jwk as Record<string, string>)).toBe(
      jkt
    )
    expect(claimsOf(call.headers.dpop as string)).toMatchObject({
      htm: call.method,
      htu: call.url.split('?')[0],
    })
  }
  // Every proof is new.
  const jtis = seen.map(({ headers }) => claimsOf(headers.dpop as string).jti)
  expect(new Set(jtis).size).toBe(jtis.length)

  // And the broker does require it: a token request without a proof is refused.
  const bare = await fromNode('POST', TOKEN_URL, { origin: new URL(stack.demo).origin })
  expect(bare).toMatchObject({ status: 400, code: 'invalid_dpop_proof' })
})

test('with DPoP required, the demo lists, uploads through an upload token, edits, deletes and recovers from expiry', async ({
  page,
}) => {
  const seen = recordBrokerRequests(page)
  const name = unique('DPoP clip')
  await openDemo(page)
  await expect(library(page).getByRole('listitem').first()).toBeVisible()

  await page
    .getByLabel('Choose a video file')
    .setInputFiles(await videoFile(`${name}.mp4`, 1_000_000))
  await expect(page.locator('.upload-status')).toHaveText(
    `Uploaded “${name}”: 100%. It is now at the top of your library.`,
    { timeout: 30_000 }
  )
  const [video] = await findVideos(name)
  expect(video).toBeDefined()

  await search(page, name)
  await card(page, name)
    .getByRole('button', { name: /^Edit title/ })
    .click()
  const renamed = `${name} (renamed)`
  await page.getByRole('textbox', { name: 'New title' }).fill(renamed)
  await page.keyboard.press('Enter')
  await expect(page.locator('#status')).toHaveText(`Renamed “${name}” to “${renamed}”.`)

  await card(page, renamed)
    .getByRole('button', { name: `Delete “${renamed}”` })
    .click()
  await card(page, renamed).getByRole('button', { name: 'Yes, delete' }).click()
  await expect(page.locator('#status')).toHaveText(`Deleted “${renamed}”.`)
  expect(await videoExists(video?.videoId as string)).toBe(false)

  // Past every token's expiry: the rejected token is renewed, bound to the same key, and retried.
  const fetchesBefore = await counter(page, 'token-fetches')
  await page.getByRole('button', { name: 'Advance the clock past expiry' }).click()
  await expect(page.locator('.clock-outcome')).toHaveText(
    'Recovered by itself: 1 new token, 1 retry, no error.',
    { timeout: 20_000 }
  )
  expect(await counter(page, 'token-fetches')).toBe(fetchesBefore + 1)
  await expect(banner(page)).toHaveCount(0)
  await expect(page.locator('#token-binding')).toHaveAttribute('data-held', 'true')

  // Each step went through the broker with a DPoP-bound token and a proof.
  const steps = seen.map(
    ({ method, url, status }) => `${method} ${new URL(url).pathname} ${status}`
  )
  expect(steps).toEqual(
    expect.arrayContaining([
      'POST /v1/token 200',
      'GET /v1/api/videos 200',
      'POST /v1/upload-token 200',
      `PATCH /v1/api/videos/${video?.videoId} 200`,
      `DELETE /v1/api/videos/${video?.videoId} 204`,
      'GET /v1/api/videos 401',
    ])
  )
  expect(steps.filter((step) => step === 'POST /v1/token 200')).toHaveLength(2)
  for (const call of apiCalls(seen)) expect(call.headers.authorization).toMatch(/^DPoP /)
  expect(seen.every(({ headers }) => typeof headers.dpop === 'string')).toBe(true)
})

test('a token read out of the page is refused from Node: without a proof, with another key’s proof, and with a copied proof', async ({
  page,
}) => {
  const seen = recordBrokerRequests(page)
  const token = await openAndReadToken(page)
  const stolen = token.access_token
  // The page's own list call, accepted: its headers are what a HAR file or a proxy log would keep.
  await expect.poll(() => seen.find(({ url }) => url.startsWith(VIDEOS_URL))?.status).toBe(200)
  const real = seen.find(({ url }) => url.startsWith(VIDEOS_URL)) as SeenRequest

  // No proof, whether the token is sent as DPoP or passed off as a bearer token.
  expect(await fromNode('GET', VIDEOS_URL, { authorization: `DPoP ${stolen}` })).toMatchObject({
    status: 401,
    code: 'invalid_dpop_proof',
  })
  expect(await fromNode('GET', VIDEOS_URL, { authorization: `Bearer ${stolen}` })).toMatchObject({
    status: 401,
    code: 'invalid_token',
  })

  // A well-formed proof, signed by the attacker's own key: an attacker who is also a user of the
  // app (Bob) gets a token of his own for that key and uses it, but the stolen token is bound to
  // the page's key.
  const { token: ownToken, signer: attacker } = await signInFromNode('bob')
  expect(claimsOf(ownToken).cnf).toEqual({ jkt: attacker.jkt })
  const withOwn = await fromNode('GET', VIDEOS_URL, {
    authorization: `DPoP ${ownToken}`,
    dpop: await attacker.proof('GET', VIDEOS_URL, ownToken),
  })
  expect(withOwn.status).toBe(200)
  expect(
    await fromNode('GET', VIDEOS_URL, {
      authorization: `DPoP ${stolen}`,
      dpop: await attacker.proof('GET', VIDEOS_URL, stolen),
    })
  ).toMatchObject({ status: 401, code: 'invalid_dpop_proof' })

  // The page's real request, copied header for header: its proof was used once already.
  expect(
    await fromNode(real.method, real.url, {
      authorization: real.headers.authorization as string,
      dpop: real.headers.dpop as string,
    })
  ).toMatchObject({ status: 401, code: 'invalid_dpop_proof' })
  // Nor does the copied proof sign any other request.
  expect(
    await fromNode('DELETE', `${VIDEOS_URL}/vi-anything`, {
      authorization: real.headers.authorization as string,
      dpop: real.headers.dpop as string,
    })
  ).toMatchObject({ status: 401, code: 'invalid_dpop_proof' })

  // Meanwhile the page itself goes on working with the same token.
  await search(page, 'no such title at all')
  await expect(banner(page)).toHaveCount(0)
})

test('tabs sharing a token share its key: the second tab signs with the key the token is bound to', async ({
  context,
}) => {
  const first = await context.newPage()
  const token = await openAndReadToken(first, SHARING)
  // The first tab holds its token and has gone idle, so it answers within the window (SHARING).
  await first.waitForLoadState('networkidle')

  const second = await context.newPage()
  const seen = recordBrokerRequests(second)
  await openDemo(second, SHARING)
  expect(await counter(second, 'token-shared')).toBe(1)
  expect(await counter(second, 'token-fetches')).toBe(0)
  const jkt = (claimsOf(token.access_token).cnf as { jkt: string }).jkt
  await expect(second.locator('#token-binding')).toHaveAttribute('data-jkt', jkt)
  await expect(second.locator('#token-binding')).toHaveAttribute('data-held', 'true')

  const calls = apiCalls(seen)
  expect(calls.length).toBeGreaterThan(0)
  for (const call of calls) {
    expect(call.status).toBe(200)
    expect(call.headers.authorization).toBe(`DPoP ${token.access_token}`)
    expect(thumbprint(headerOf(call.headers.dpop as string).jwk as Record<string, string>)).toBe(
      jkt
    )
  }
})

test.describe('with server nonces required', () => {
  let nonced: Stack

  test.beforeAll(async () => {
    test.setTimeout(150_000)
    nonced = await startStack({
      ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0 },
      demo: 'preview',
      emulatorArgs: ['--assets', 'local', '--seed-videos', '3'],
      // Any instance with the secret issues and checks nonces (RFC 9449 §8, §9).
      brokerSecrets: { DPOP_NONCE_SECRET: randomBytes(32).toString('hex') },
      // Nonces are what this stack is about: the single-user configuration, no sign-in.
      ownership: false,
      stateDir: join(import.meta.dirname, '../../../.stack/e2e-dpop-nonce'),
    })
  })
  test.afterAll(() => nonced?.stop())

  test('the page learns the nonce from the token endpoint’s challenge, then sends it up front', async ({
    page,
  }) => {
    const broker = nonced.urls.broker
    const calls: { url: string; status: number; nonce: unknown; answered: string | null }[] = []
    page.on('response', async (response) => {
      const request = response.request()
      if (!request.url().startsWith(broker) || request.method() === 'OPTIONS') return
      const proof = (await request.allHeaders()).dpop as string
      calls.push({
        url: `${request.method()} ${new URL(request.url()).pathname}`,
        status: response.status(),
        nonce: claimsOf(proof).nonce,
        answered: await response.headerValue('dpop-nonce'),
      })
    })
    await openDemo(page, {}, nonced.urls.demo ?? '')
    await expect(library(page).getByRole('listitem')).toHaveCount(3)
    await expect(banner(page)).toHaveCount(0)

    // The first proof has no nonce: 400 use_dpop_nonce with one, read through CORS, and one retry.
    const [challenge, token, ...rest] = calls
    expect(challenge).toMatchObject({ url: 'POST /v1/token', status: 400, nonce: undefined })
    expect(challenge?.answered).toMatch(/^\d+\.[\w-]{22}$/)
    expect(token).toMatchObject({ url: 'POST /v1/token', status: 200, nonce: challenge?.answered })
    // Every later call carries the nonce at once: no further challenge.
    expect(rest.length).toBeGreaterThan(0)
    for (const call of rest) expect(call).toMatchObject({ status: 200, nonce: challenge?.answered })

    // The broker does refuse a proof without its nonce.
    const refused = await fromNode('POST', `${broker}/v1/token`, {
      origin: new URL(nonced.urls.demo ?? '').origin,
      dpop: await (await nodeSigner()).proof('POST', `${broker}/v1/token`),
    })
    expect(refused).toMatchObject({ status: 400, code: 'use_dpop_nonce' })
  })
})

import { expect, test } from '@playwright/test'
import { banner, library, openDemo } from './demo.ts'
import { brokerNow, claimsOf, recordBrokerRequests } from './dpop.ts'
import { advanceClock, stack } from './stack.ts'

const TOKEN_URL = `${stack.broker}/v1/token`
const TEN_MINUTES = 10 * 60_000

const iatOf = (headers: Record<string, string>) => claimsOf(headers.dpop as string).iat as number

test('with the device’s clock ten minutes fast, the DPoP demo learns the broker’s clock from its first refusal and lists the videos', async ({
  page,
}) => {
  // The broker follows the emulator's clock: an hour ahead, it is neither this machine's clock
  // (which workerd would put in a Date of its own) nor the page's.
  await advanceClock(3600)
  const before = await brokerNow()
  expect(before - Date.now()).toBeGreaterThan(3_000_000)
  // The page's wall clock, ten minutes ahead of the broker's, from before the app loads.
  await page.clock.install({ time: before + TEN_MINUTES })
  // In local mode the demo dates proofs on the emulator's clock, which the broker follows: that
  // reading fails here, as it would anywhere else, so the page has only its own wrong clock.
  await page.route(`${stack.emulator}/_emulator/clock`, (route) => route.abort())
  const seen = recordBrokerRequests(page)
  const refused = page.waitForResponse(
    (response) => response.url() === TOKEN_URL && response.status() === 400
  )

  await openDemo(page)
  await expect(library(page).getByRole('listitem').first()).toBeVisible()
  await expect(banner(page)).toHaveCount(0)
  const after = await brokerNow()
  expect((await page.evaluate(() => Date.now())) - after).toBeGreaterThan(TEN_MINUTES - 60_000)

  // The first proof, dated on the page's clock, is refused; its Date, exposed to the page, is the
  // broker's clock, not this machine's.
  const refusal = await refused
  const headers = await refusal.allHeaders()
  expect(headers['www-authenticate']).toMatch(/^DPoP error="invalid_dpop_proof"/)
  expect(headers['access-control-expose-headers']?.split(',')).toContain('Date')
  const date = Date.parse(headers.date ?? '')
  expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
  expect(date).toBeLessThanOrEqual(after)

  // One refusal, one retry: every other call went through, with a proof dated on the broker's
  // clock (to the second Date counts in, and the time the page took).
  const [first, ...rest] = seen
  expect(first).toMatchObject({ method: 'POST', url: TOKEN_URL, status: 400 })
  expect(iatOf(first?.headers ?? {}) * 1000).toBeGreaterThan(before + TEN_MINUTES - 60_000)
  expect(rest[0]).toMatchObject({ method: 'POST', url: TOKEN_URL, status: 200 })
  expect(rest.length).toBeGreaterThan(1)
  for (const call of rest) {
    expect(call.status).toBeLessThan(400)
    expect(iatOf(call.headers)).toBeGreaterThanOrEqual(Math.floor(before / 1000) - 1)
    expect(iatOf(call.headers)).toBeLessThanOrEqual(Math.ceil(after / 1000) + 1)
  }
})

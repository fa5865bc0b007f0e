import { expect, test } from '@playwright/test'
import { control, createTokens, openTab, tokenFetches } from './fixtures.ts'

test.beforeEach(() => control('reset'))

test('retries a POST once with a fresh token after invalid_token, body included', async ({
  context,
}) => {
  const tab = await openTab(context)
  await createTokens(tab)
  await tab.evaluate(() => window.tokens.getToken())
  await control('expire=t1')
  const answer = await tab.evaluate(() =>
    window.keyward
      .createApi({ tokens: window.tokens, prefix: '/v1/api', retry: 0 })
      .post('videos', { json: { title: 'Holidays' } })
      .json()
  )
  expect(answer).toEqual({ token: 't2', body: '{"title":"Holidays"}' })
  expect(await tokenFetches()).toBe(2)
})

test('recovers 200 concurrent requests on a rejected token with one token fetch', async ({
  context,
}) => {
  const tab = await openTab(context)
  await createTokens(tab)
  await tab.evaluate(() => window.tokens.getToken())
  await control('expire=t1')
  const statuses = await tab.evaluate(async () => {
    const api = window.keyward.createApi({ tokens: window.tokens, prefix: '/v1/api' })
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) => api.get(`videos/${index}`))
    )
    return responses.map((response) => response.status)
  })
  expect(statuses.every((status) => status === 200)).toBe(true)
  expect(await tokenFetches()).toBe(2)
})

import { expect, test } from '@playwright/test'
import { control, createTokens, getToken, openTab, tokenFetches } from './fixtures.ts'

// Pages of one browser context are tabs of one profile: BroadcastChannel reaches all of them.
test.beforeEach(() => control('reset'))

test('a tab opened later takes the first tab token and fetches none', async ({ context }) => {
  const first = await openTab(context)
  await createTokens(first, true)
  expect(await getToken(first)).toBe('t1')

  const second = await openTab(context)
  await createTokens(second, true)
  expect(await getToken(second)).toBe('t1')
  expect(await tokenFetches()).toBe(1)
})

test('three tabs that ask at the same moment make one token fetch', async ({ context }) => {
  const tabs = await Promise.all([openTab(context), openTab(context), openTab(context)])
  await Promise.all(tabs.map((tab) => createTokens(tab, true)))
  const tokens = await Promise.all(tabs.map(getToken))
  expect(new Set(tokens).size).toBe(1)
  expect(await tokenFetches()).toBe(1)
})

test('tabs that do not share fetch a token each', async ({ context }) => {
  const tabs = await Promise.all([openTab(context), openTab(context)])
  await Promise.all(tabs.map((tab) => createTokens(tab, false)))
  await Promise.all(tabs.map(getToken))
  expect(await tokenFetches()).toBe(2)
})

import { type BrowserContext, expect, type Page } from '@playwright/test'
import type * as Keyward from '../src/index.ts'
import type * as Tabs from '../src/tabs.ts'

declare global {
  interface Window {
    keyward: typeof Keyward & typeof Tabs
    tokens: Keyward.TokenSource
    ready?: boolean
  }
}

export const baseUrl = () => process.env.KEYWARD_CLIENT_E2E_URL ?? ''

/** Resets the fake broker, or expires tokens; returns how many token fetches it has served. */
export async function control(query = ''): Promise<number> {
  const response = await fetch(`${baseUrl()}/control?${query}`)
  return ((await response.json()) as { tokenFetches: number }).tokenFetches
}

export const tokenFetches = () => control()

/** Opens the test page in a new tab of `context` and waits for the client bundle. */
export async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(baseUrl())
  await page.waitForFunction(() => window.ready === true)
  return page
}

/** Creates `window.tokens` in the page, on the broker's relative token URL. */
export async function createTokens(page: Page, share = false): Promise<void> {
  await page.evaluate((shareTabs) => {
    window.tokens = window.keyward.createTokenSource({
      url: '/v1/token',
      share: shareTabs ? window.keyward.openTabChannel : undefined,
    })
  }, share)
}

export const getToken = (page: Page) =>
  page.evaluate(async () => (await window.tokens.getToken()).accessToken)

/** Waits until the broker has served `count` token fetches. */
export const expectTokenFetches = (count: number) => expect.poll(tokenFetches).toBe(count)

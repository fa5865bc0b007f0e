import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../../playwright-chromium.ts'

const CI = Boolean(process.env.CI)

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './.reports/playwright-artifacts',
  // One fake broker counts the token fetches of every test; each test resets it, so none overlap.
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
})

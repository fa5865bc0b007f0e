import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../../playwright-chromium.ts'

const CI = Boolean(process.env.CI)

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './.reports/playwright-artifacts',
  // One emulator serves every test; each test resets it, so they must not overlap.
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    // The emulator's certificate is generated at start; the uploader hard-codes https.
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
  },
})

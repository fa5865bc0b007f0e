import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../../playwright-chromium.ts'

const CI = Boolean(process.env.CI)

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  outputDir: './artifacts/test-results',
  // One stack serves every test; journeys that change it (faults, clock) must not overlap.
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(['--disable-quic', '--no-first-run', '--disable-sync']),
    // The emulator's HTTPS certificate is generated at start.
    ignoreHTTPSErrors: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})

// The one place the repository's Playwright suites and browser benchmarks learn how to start
// Chromium. It sits at the root, outside every package, because the emulator's own suite needs it
// and @keyward/dev-stack depends on the emulator: importing from there would make a cycle.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
] as const

/**
 * Launch options for Debian's Chromium from apt (`CHROMIUM_PATH`, else `/usr/bin/chromium`, as
 * `scripts/bootstrap.sh` sets it); Playwright never downloads a browser here.
 *
 * @example
 * ```ts
 * import { chromium } from '@playwright/test'
 * import { chromiumLaunchOptions } from '../../playwright-chromium.ts'
 *
 * const browser = await chromium.launch(chromiumLaunchOptions(['--disable-quic']))
 * ```
 */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): {
  executablePath: string
  args: string[]
} {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  }
}

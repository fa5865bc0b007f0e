import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // CI runs turbo tasks side by side on two cores: spawning the CLI and hashing 5 MiB chunks
    // can take seconds there. A timeout only bounds a hang; no test asserts on time.
    testTimeout: 30_000,
  },
})

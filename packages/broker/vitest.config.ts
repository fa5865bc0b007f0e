import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'layering/*.test.ts', 'scripts/**/*.test.ts'],
    restoreMocks: true,
  },
})

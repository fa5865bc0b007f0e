import { defineConfig } from 'vitest/config'
import { workerUnderTest } from './vitest.shared.ts'

export default defineConfig({
  plugins: [workerUnderTest()],
  test: {
    include: ['test/**/*.test.ts'],
  },
})

import { generateKeyPairSync } from 'node:crypto'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

const signingKey = {
  ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
  kid: 'workers-test',
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          APIVIDEO_API_KEY: 'workers-test-api-key',
          APIVIDEO_BASE_URL: 'http://apivideo.test',
          ALLOWED_ORIGINS: 'https://app.example.com',
          ANONYMOUS_SCOPES: 'videos:read',
          KEYWARD_SIGNING_KEY: JSON.stringify(signingKey),
        },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
  },
})

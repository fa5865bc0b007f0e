import { generateKeyPairSync } from 'node:crypto'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { buildSync } from 'esbuild'

const apiKey = 'workers-test-api-key-0123456789'

/**
 * The Worker under test inside workerd, with the api.video emulator bundled (esbuild) into an
 * auxiliary Worker set as its outboundService: every outbound fetch of the Worker, its Durable
 * Objects and the tests reaches the emulator. `bindings` adds or overrides vars.
 */
export function workerUnderTest(bindings: Record<string, string> = {}) {
  const signingKey = {
    ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
    kid: 'workers-test',
  }
  // The emulator, bundled into one module for an auxiliary Worker (test/emulator-worker.ts).
  const [emulator] = buildSync({
    // Relative to the package: vitest runs here.
    entryPoints: ['test/emulator-worker.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
  }).outputFiles
  return cloudflareTest({
    wrangler: { configPath: './wrangler.jsonc' },
    miniflare: {
      bindings: {
        APIVIDEO_API_KEY: apiKey,
        KEYWARD_SIGNING_KEY: JSON.stringify(signingKey),
        // Any host: every outbound fetch of the Worker goes to the emulator below.
        APIVIDEO_BASE_URL: 'https://apivideo.test',
        APIVIDEO_UPLOAD_HOST: '127.0.0.1:8443',
        ALLOWED_ORIGINS: 'https://app.example.com',
        ANONYMOUS_SCOPES: 'videos:read,videos:upload',
        // The suite sends 100 concurrent calls from one caller; the budget has tests of its own.
        PROXY_RATE_LIMIT_REQUESTS: '1000',
        ...bindings,
      },
      ratelimits: { RATE_LIMITER: { namespace_id: '4001', simple: { limit: 5, period: 60 } } },
      outboundService: 'apivideo-emulator',
      workers: [
        {
          name: 'apivideo-emulator',
          modules: [{ type: 'ESModule', path: 'emulator.mjs', contents: emulator?.text ?? '' }],
          compatibilityDate: '2026-11-01',
          bindings: { API_KEY: apiKey },
        },
      ],
    },
  })
}

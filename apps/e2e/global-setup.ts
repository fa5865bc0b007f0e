import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { startStack } from '@keyward/dev-stack'

/**
 * Starts emulator, broker (wrangler dev) and the built demo on free ports, exports what the tests
 * need through the environment, and returns the teardown.
 */
export default async function globalSetup() {
  // A project id the tests know: every upstream access token carries it (tests/secrets.ts).
  const projectId = `pr${randomBytes(16).toString('hex').slice(0, 21)}`
  const stack = await startStack({
    ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0, identity: 0 },
    demo: 'preview',
    // Its own logs, secrets file and wrangler state: `npm run dev` may be running beside it.
    stateDir: join(import.meta.dirname, '../../.stack/e2e'),
    emulatorArgs: [
      // Thumbnails the browser can load offline, served by the emulator.
      ...['--assets', 'local'],
      ...['--project-id', projectId],
      // The suite creates videos faster than a person: api.video's sandbox limits (100 reads,
      // 40 writes a minute) would turn that into failures. Rate limiting is tested with faults.
      ...['--rate-limit', '2000,2000,2000'],
    ],
  })
  process.env.KEYWARD_DEMO_URL = stack.urls.demo ?? ''
  process.env.KEYWARD_BROKER_URL = stack.urls.broker
  process.env.KEYWARD_EMULATOR_URL = stack.urls.emulator
  process.env.KEYWARD_IDENTITY_URL = stack.urls.identity ?? ''
  process.env.KEYWARD_TEST_API_KEY = stack.apiKey
  process.env.KEYWARD_TEST_SIGNING_KEY_D = String(stack.signingKey.d)
  process.env.KEYWARD_TEST_PROJECT_ID = projectId
  return () => stack.stop()
}

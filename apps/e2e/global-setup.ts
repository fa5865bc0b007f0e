import { startStack } from '@keyward/dev-stack'

/** Starts emulator, broker (wrangler dev) and the built demo on free ports; returns the teardown. */
export default async function globalSetup() {
  const stack = await startStack({
    ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0 },
    demo: 'preview',
  })
  process.env.KEYWARD_DEMO_URL = stack.urls.demo ?? ''
  process.env.KEYWARD_BROKER_URL = stack.urls.broker
  process.env.KEYWARD_EMULATOR_URL = stack.urls.emulator
  process.env.KEYWARD_TEST_API_KEY = stack.apiKey
  process.env.KEYWARD_TEST_SIGNING_KEY_D = String(stack.signingKey.d)
  return () => stack.stop()
}

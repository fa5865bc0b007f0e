import { startTestServer } from './test-server.ts'

/** Starts the test page and fake broker on a free port; returns the teardown. */
export default async function globalSetup() {
  const server = await startTestServer()
  process.env.KEYWARD_CLIENT_E2E_URL = server.url
  return () => server.close()
}

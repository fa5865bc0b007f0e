/** What global-setup started, as the tests see it. */
export const stack = {
  demo: required('KEYWARD_DEMO_URL'),
  broker: required('KEYWARD_BROKER_URL'),
  emulator: required('KEYWARD_EMULATOR_URL'),
  apiKey: required('KEYWARD_TEST_API_KEY'),
  signingKeyD: required('KEYWARD_TEST_SIGNING_KEY_D'),
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the suite through playwright.config.ts`)
  return value
}

/** Creates a video straight in the emulator, with Basic auth as api.video's Node client does. */
export async function createVideo(title: string): Promise<string> {
  const res = await fetch(`${stack.emulator}/videos`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${stack.apiKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`creating a video failed: ${res.status}`)
  return ((await res.json()) as { videoId: string }).videoId
}

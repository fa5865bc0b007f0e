#!/usr/bin/env node
import { portsFromEnv } from './ports.ts'
import { startStack } from './stack.ts'

const stack = await startStack({ ports: portsFromEnv(), demo: 'dev' }).catch((error: unknown) => {
  process.stderr.write(`keyward: could not start the local stack: ${String(error)}\n`)
  process.exit(1)
})

process.stdout.write(`
  Keyward is running on the embedded default (the api.video emulator, no account, no network).

  Open the demo:   ${stack.urls.demo}

  broker (workerd) ${stack.urls.broker}
  emulator         ${stack.urls.emulator}  (HTTPS for uploads: ${stack.urls.emulatorHttps})
  logs             ${stack.logDir}

  Uploads go to the emulator over HTTPS with a self-signed certificate: open
  ${stack.urls.emulatorHttps}/_emulator/stats once and accept it. Ctrl+C stops everything.
`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stack.stop()
    process.exit(0)
  })
}

#!/usr/bin/env node
import { DevStackError } from './errors.ts'
import { portsFromEnv } from './ports.ts'
import { startStack } from './stack.ts'

const stack = await startStack({ ports: portsFromEnv(), demo: 'dev' }).catch((error: unknown) => {
  const reason = error instanceof DevStackError ? error.message : String(error)
  process.stderr.write(`keyward: could not start the local stack: ${reason}\n`)
  process.exit(1)
})

process.stdout.write(`
  Keyward is running on the embedded default (the api.video emulator, no account, no network).

  Open the demo:   ${stack.urls.demo}

  Sign in as Alice or Bob (each sees only their own videos) or as Admin; signed out is read-only.

  broker (workerd) ${stack.urls.broker}
  emulator         ${stack.urls.emulator}  (HTTPS for uploads: ${stack.urls.emulatorHttps})
  identity (dev)   ${stack.urls.identity}
  logs             ${stack.logDir}

  Uploads go to the emulator over HTTPS with a self-signed certificate: open
  ${stack.urls.emulatorHttps}/_emulator/stats once and accept it. Ctrl+C stops everything.
`)

// A stack with a dead part is broken: say which part and why, stop the rest, and fail.
void stack.exited.then(async ({ name, code, signal, logFile, recentOutput }) => {
  const how = signal ? `signal ${signal}` : `code ${code}`
  const tail = recentOutput.trimEnd().split('\n').slice(-12).join('\n  | ')
  process.stderr.write(
    `\nkeyward: the ${name} stopped (${how}); stopping the stack. Its last lines (all in ${logFile}):\n  | ${tail}\n`
  )
  await stack.stop()
  process.exit(1)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stack.stop()
    process.exit(0)
  })
}

#!/usr/bin/env node
// keyward-broker: the broker on Node, configured like the Worker (see the README).
import { BrokerError } from '../errors.ts'
import { generateSigningKey } from '../tokens/generate-key.ts'
import { serve } from './serve.ts'

const USAGE = `Usage:
  keyward-broker [serve]        serve the broker, configured by environment variables
                                (PORT, HOST, and the broker's: see its README)
  keyward-broker generate-key   print a new private signing key for KEYWARD_SIGNING_KEY
  keyward-broker help           print this help`

const [command = 'serve', ...extra] = process.argv.slice(2)

if (extra.length > 0 || !['serve', 'generate-key', 'help', '--help', '-h'].includes(command)) {
  console.error(`keyward-broker: unknown arguments: ${process.argv.slice(2).join(' ')}\n${USAGE}`)
  process.exit(2)
} else if (command === 'generate-key') {
  process.stdout.write(`${JSON.stringify(await generateSigningKey())}\n`)
} else if (command !== 'serve') {
  console.info(USAGE)
} else {
  await start()
}

async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787)
  const hostname = process.env.HOST ?? '127.0.0.1'
  try {
    // serve() logs the URL it listens on (event broker.listening).
    const serving = await serve({ port, hostname })
    const stop = () => {
      serving.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    // Configuration errors name every variable to fix; their messages never carry a secret value.
    if (error instanceof BrokerError && error.code === 'invalid_config') {
      const problems = (error.detail ?? error.message).split('\n')
      console.error(
        `keyward-broker: cannot start, ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} with the configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`
      )
    } else {
      const code = (error as NodeJS.ErrnoException | undefined)?.code
      console.error(
        `keyward-broker: cannot start: ${code === 'EADDRINUSE' ? `port ${port} is in use (set PORT)` : String(error)}`
      )
    }
    process.exit(1)
  }
}

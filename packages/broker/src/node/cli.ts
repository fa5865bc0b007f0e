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
  // Empty counts as unset, as for the broker's own variables.
  const portText = process.env.PORT?.trim() || '8787'
  const hostname = process.env.HOST?.trim() || '127.0.0.1'
  const port = Number(portText)
  if (!/^\d{1,5}$/.test(portText) || port > 65_535) {
    console.error(
      `keyward-broker: cannot start: PORT must be a port number from 0 to 65535 (0: any free port), not ${portText}`
    )
    process.exit(1)
  }
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
      console.error(`keyward-broker: cannot start: ${listenProblem(error, port, hostname)}`)
    }
    process.exit(1)
  }
}

/** What stopped the server from listening, naming the variable to change. */
function listenProblem(error: unknown, port: number, hostname: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EADDRINUSE') return `port ${port} is in use (set PORT)`
  if (code === 'EACCES') return `port ${port} needs privileges this process lacks (set PORT)`
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN')
    return `HOST ${hostname} is not an address of this machine (set HOST, e.g. 127.0.0.1)`
  return String(error)
}

#!/usr/bin/env node
// keyward-broker: the broker on Node, configured like the Worker (see the README).
import { BrokerError, problemBody } from '../errors.ts'
import { serve } from './serve.ts'

const port = Number(process.env.PORT ?? 8787)
const hostname = process.env.HOST ?? '127.0.0.1'

try {
  const serving = await serve({ port, hostname })
  console.info(JSON.stringify({ level: 'info', event: 'broker.listening', url: serving.url }))
  const stop = () => {
    serving.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  // Configuration errors name the variable to fix; their messages never carry a secret value.
  const problem = error instanceof BrokerError ? problemBody(error) : { code: 'startup_failed' }
  console.error(JSON.stringify({ level: 'error', event: 'broker.start_failed', ...problem }))
  process.exit(1)
}

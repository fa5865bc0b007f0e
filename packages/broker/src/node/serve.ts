import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { ExecutionContext } from 'hono'
import { createBroker } from '../broker.ts'
import { consoleLogger, levelLogger } from '../logger.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { brokerOptionsFromEnv, type SecretName } from '../options/env.ts'

/**
 * Options of `serve`.
 *
 * @example
 * const options: ServeOptions = { port: 8787, broker: { clientIp: (r) => r.headers.get('x-real-ip') } }
 */
export interface ServeOptions {
  /** Default: 8787; `0` picks a free port. */
  port?: number
  /** Default: `'127.0.0.1'`. Put a TLS-terminating proxy in front for anything public. */
  hostname?: string
  /** Where the variables come from (the Worker's names). Default: `process.env`. */
  env?: Record<string, string | undefined>
  /** Options that win over the environment (a logger, a `clientIp` behind a proxy, …). */
  broker?: Partial<BrokerOptions>
}

/**
 * Node keeps running promises alive on its own, so background work needs no `waitUntil`; an
 * execution context without one spares Hono's `c.executionCtx` from throwing on every request.
 */
const NO_WAIT_UNTIL = Object.freeze({ props: {} }) as unknown as ExecutionContext

/**
 * The socket a request came in on, read only when a rate limit needs the caller's address. A
 * property rather than a `WeakMap`: weak collections cost the garbage collector on every request.
 */
const SOCKET: unique symbol = Symbol('keyward.socket')

type Connected = Request & { [SOCKET]?: Socket }

/**
 * A running Node server.
 *
 * @example
 * const { url, close } = await serve()
 */
export interface Serving {
  url: string
  server: Server
  close(): Promise<void>
}

/** How a Node user sets a missing secret. */
function nodeSecretHint(name: SecretName): string {
  return name === 'KEYWARD_SIGNING_KEY'
    ? "make one with `npx @keyward/broker generate-key` and set it in the environment (KEYWARD_SIGNING_KEY='{...}')"
    : 'set it in the environment (export APIVIDEO_API_KEY=..., or a file read with node --env-file)'
}

/**
 * Serves the broker on Node with `@hono/node-server`, configured from the same variables as the
 * Worker; every missing or invalid variable is named at once, in one `invalid_config` error. Once
 * listening it logs `broker.listening` with its URL, and resolves to it. Anonymous callers are
 * rate limited by their socket address unless `broker.clientIp` says otherwise (behind a reverse
 * proxy, read its header there).
 *
 * @example
 * import { serve } from '@keyward/broker/node'
 *
 * const { url } = await serve({ port: 8787 })
 * console.log(`broker on ${url}`)
 */
export async function serve({
  port = 8787,
  hostname = '127.0.0.1',
  env = process.env,
  broker = {},
}: ServeOptions = {}): Promise<Serving> {
  const options = brokerOptionsFromEnv(
    env,
    { clientIp: (request) => (request as Connected)[SOCKET]?.remoteAddress, ...broker },
    { secretHint: nodeSecretHint }
  )
  const app = createBroker(options)
  const listener = getRequestListener((request, bindings) => {
    ;(request as Connected)[SOCKET] = bindings.incoming.socket
    return app.fetch(request, bindings, NO_WAIT_UNTIL)
  })
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  levelLogger(options.logger ?? consoleLogger, options.logLevel ?? 'info').info(
    'broker.listening',
    { url }
  )
  return {
    url,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

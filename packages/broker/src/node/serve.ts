import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { createBroker } from '../broker.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { brokerOptionsFromEnv } from '../options/env.ts'

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

/**
 * Serves the broker on Node with `@hono/node-server`, configured from the same variables as the
 * Worker. Anonymous callers are rate limited by their socket address unless `broker.clientIp`
 * says otherwise (behind a reverse proxy, read its header there).
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
  const addresses = new WeakMap<Request, string>()
  const app = createBroker(
    brokerOptionsFromEnv(env, { clientIp: (request) => addresses.get(request), ...broker })
  )
  const listener = getRequestListener((request, bindings) => {
    const address = bindings.incoming.socket.remoteAddress
    if (address !== undefined) addresses.set(request, address)
    return app.fetch(request, bindings)
  })
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

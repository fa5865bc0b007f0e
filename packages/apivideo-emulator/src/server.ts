import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { getRequestListener, type HttpBindings } from '@hono/node-server'
import { generate } from 'selfsigned'
import { FAULT_HEADER } from './control/stats.ts'
import { deliver, type Emulator } from './emulator.ts'

export interface TlsCredentials {
  cert: string
  key: string
}

export interface ListenOptions {
  port?: number
  host?: string
  /** Serve HTTPS: `true` for a certificate generated now, or a given one. Default: false. */
  tls?: boolean | TlsCredentials
}

export interface Listening {
  url: string
  server: Server
  close(): Promise<void>
}

/**
 * Serves an emulator over HTTP or HTTPS on Node (`@keyward/apivideo-emulator/node`); a `drop`
 * fault destroys the socket unanswered, after the request was processed.
 *
 * @example
 * import { createEmulator } from '@keyward/apivideo-emulator'
 * import { listen } from '@keyward/apivideo-emulator/node'
 *
 * const emulator = createEmulator({ apiKey: 'dev-key' })
 * const api = await listen(emulator, { port: 0, tls: true }) // the uploader needs https
 * console.log(new URL(api.url).host) // pass as the uploader's `apiHost`
 * await api.close()
 */
export async function listen(
  emulator: Emulator,
  { port = 8081, host = '127.0.0.1', tls = false }: ListenOptions = {}
): Promise<Listening> {
  const listener = getRequestListener(async (request, env) => {
    const response = await emulator.app.fetch(request)
    if (response.headers.get(FAULT_HEADER) === 'drop') {
      ;(env as HttpBindings).incoming.socket.destroy()
      return new Response(null, { status: 499 })
    }
    return deliver(response)
  })
  const credentials = tls === true ? await selfSignedCertificate(host) : tls || undefined
  const server = credentials ? createHttpsServer(credentials, listener) : createHttpServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `${credentials ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A self-signed certificate for `host`, `localhost` and the loopback addresses, valid 30 days.
 *
 * @example
 * const { cert, key } = await selfSignedCertificate('127.0.0.1')
 */
export async function selfSignedCertificate(host = '127.0.0.1'): Promise<TlsCredentials> {
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ]
  if (/^[\d.]+$/.test(host) && host !== '127.0.0.1') altNames.push({ type: 7, ip: host })
  else if (!/^[\d.:]+$/.test(host) && host !== 'localhost') altNames.push({ type: 2, value: host })
  const pems = await generate([{ name: 'commonName', value: 'apivideo-emulator' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  return { cert: pems.cert, key: pems.private }
}

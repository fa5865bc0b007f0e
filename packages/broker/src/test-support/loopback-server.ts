import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as a loopback server received it. */
export interface Received {
  method: string
  path: string
  body: string
}

/**
 * A plain Node HTTP server on 127.0.0.1 and a free port that records every request and answers
 * with `handle`: a stand-in for a misbehaving api.video, or a foreign host, reached with the real
 * global `fetch`.
 */
export async function loopbackServer(
  handle: (request: Received, res: ServerResponse<IncomingMessage>) => void
) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', body }
      received.push(request)
      handle(request, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

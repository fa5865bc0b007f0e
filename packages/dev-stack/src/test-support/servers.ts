import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { type Service, startService } from '../process.ts'

/** A plain HTTP server on 127.0.0.1 answering every request with `status` and `body` as JSON. */
export async function stranger(
  body: unknown,
  status = 200
): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, server }
}

/** Something holding a TCP port on 127.0.0.1, as another program would. */
export async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** A real Node child process running `script`, logged to `logFile`. */
export function nodeService(name: string, script: string, logFile: string): Service {
  return startService({
    name,
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    logFile,
  })
}

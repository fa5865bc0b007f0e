// The page the browser tests drive, on 127.0.0.1: an esbuild bundle of the built client's entries
// (ky included) and a fake broker that counts its token fetches. One server serves every test; each
// test resets it through /control.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { build } from 'esbuild'

export interface TestServer {
  url: string
  close(): Promise<void>
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>@keyward/client e2e</title>
<script type="module">
  import * as keyward from '/client.js'
  window.keyward = keyward
  window.ready = true
</script>`

// Long enough that tabs asking at once overlap with one another's fetch.
const TOKEN_DELAY_MS = 150

export async function startTestServer(): Promise<TestServer> {
  const { outputFiles } = await build({
    stdin: {
      contents: "export * from './dist/index.js'\nexport * from './dist/tabs.js'",
      resolveDir: join(import.meta.dirname, '..'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const bundle = outputFiles[0]?.text ?? ''
  let tokenFetches = 0
  const valid = new Set<string>()

  const server = createServer(async (request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, type: string, body: string, headers = {}) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers })
      response.end(body)
    }
    if (pathname === '/') return send(200, 'text/html', PAGE)
    if (pathname === '/client.js') return send(200, 'text/javascript', bundle)
    if (pathname === '/control') {
      if (searchParams.has('reset')) {
        tokenFetches = 0
        valid.clear()
      }
      for (const token of searchParams.getAll('expire')) valid.delete(token)
      return send(200, 'application/json', JSON.stringify({ tokenFetches }))
    }
    if (pathname === '/v1/token' && request.method === 'POST') {
      const accessToken = `t${++tokenFetches}`
      await new Promise((resolve) => setTimeout(resolve, TOKEN_DELAY_MS))
      valid.add(accessToken)
      const body = { access_token: accessToken, token_type: 'Bearer', expires_in: 300, scope: '' }
      return send(200, 'application/json', JSON.stringify(body))
    }
    if (pathname.startsWith('/v1/api/')) {
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? ''
      let body = ''
      for await (const chunk of request) body += chunk
      if (!valid.has(token)) {
        return send(401, 'application/problem+json', '{"code":"invalid_token"}', {
          'www-authenticate': 'Bearer error="invalid_token"',
        })
      }
      return send(200, 'application/json', JSON.stringify({ token, body }))
    }
    send(404, 'text/plain', 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

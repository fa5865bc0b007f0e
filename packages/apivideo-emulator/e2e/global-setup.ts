import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { createEmulator } from '../src/emulator.ts'
import { listen } from '../src/server.ts'

export const E2E_API_KEY = 'e2e-api-key-0123456789'

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>uploader against apivideo-emulator</title>
<script src="/video-uploader.js"></script></head>
<body><h1>@api.video/video-uploader → apivideo-emulator</h1></body></html>
`

/**
 * Starts one emulator on two listeners (HTTPS for the uploader, which hard-codes https; HTTP for
 * the tests' own calls) and serves the test page plus the uploader's unmodified UMD build from
 * http://127.0.0.1 (Chromium blocks loopback calls from about:blank pages).
 */
export default async function globalSetup() {
  const emulator = createEmulator({
    apiKey: E2E_API_KEY,
    assets: 'local',
    encodingSeconds: 1,
    rateLimits: false,
  })
  const https = await listen(emulator, { port: 0, tls: true })
  const http = await listen(emulator, { port: 0 })
  const require = createRequire(import.meta.url)
  const uploaderJs = readFileSync(require.resolve('@api.video/video-uploader'), 'utf8')
  const page = await servePage(uploaderJs)
  process.env.KEYWARD_E2E_API_HOST = new URL(https.url).host
  process.env.KEYWARD_E2E_EMULATOR_URL = http.url
  process.env.KEYWARD_E2E_PAGE_URL = page.url
  return async () => {
    await Promise.all([https.close(), http.close(), page.close()])
  }
}

async function servePage(uploaderJs: string) {
  const server: Server = createServer((req, res) => {
    if (req.url === '/video-uploader.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(uploaderJs)
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

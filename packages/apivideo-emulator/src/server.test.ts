import { request as httpsRequest } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { type Listening, listen } from './server.ts'
import { setup } from './test-support/harness.ts'

const servers: Listening[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** GET over HTTPS accepting the generated certificate, as `ignoreHTTPSErrors` does in a browser. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('listen', () => {
  it('serves plain HTTP on 127.0.0.1 with a free port', async () => {
    const server = await listen(setup(), { port: 0 })
    servers.push(server)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${server.url}/_emulator/stats`)
    expect(res.status).toBe(200)
  })

  it('serves HTTPS with a certificate generated at start', async () => {
    const server = await listen(setup(), { port: 0, tls: true })
    servers.push(server)
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const res = await get(`${server.url}/videos`)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body)).toMatchObject({ status: 401 })
  })

  it('cuts the connection without an answer on a drop fault, after processing the request', async () => {
    const emulator = setup()
    const server = await listen(emulator, { port: 0 })
    servers.push(server)
    emulator.faults.add({ kind: 'drop', path: '/_emulator/stats' })
    emulator.faults.add({ kind: 'drop', path: '/videos', times: 1 })
    await expect(fetch(`${server.url}/videos`)).rejects.toThrow()
    expect(emulator.stats()).toMatchObject({ dropped: 1, routes: { 'GET /videos': { '401': 1 } } })
    expect((await fetch(`${server.url}/_emulator/stats`)).status).toBe(200)
  })
})

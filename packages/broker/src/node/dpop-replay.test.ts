import { request } from 'node:http'
import { createEmulator } from '@keyward/apivideo-emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createDpopKey, type DpopKey } from '../test-support/dpop-key.ts'
import { signingJwk } from '../test-support/harness.ts'
import { type Serving, serve } from './serve.ts'

// Over real HTTP: a token read out of a page is replayed from Node, as an attacker with curl
// would, against the broker started from the same variables as the Worker.
const ORIGIN = 'http://localhost:5173'

let serving: Serving | undefined
afterEach(async () => {
  await serving?.close()
  serving = undefined
})

async function start(env: Record<string, string> = {}, now?: () => number) {
  const emulator = createEmulator({ rateLimits: false })
  serving = await serve({
    port: 0,
    env: {
      APIVIDEO_API_KEY: emulator.apiKey,
      KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
      APIVIDEO_BASE_URL: 'https://apivideo.test',
      ALLOWED_ORIGINS: ORIGIN,
      ANONYMOUS_SCOPES: 'videos:read',
      DPOP: 'required',
      LOG_LEVEL: 'warn',
      ...env,
    },
    broker: { fetch: emulator.fetch, ...(now === undefined ? {} : { now }) },
  })
  return serving.url
}

/** What the page does: a token bound to its key, and a proof per call. */
async function boundToken(url: string, key: DpopKey, htuBase = url): Promise<string> {
  const res = await fetch(`${url}/v1/token`, {
    method: 'POST',
    headers: { origin: ORIGIN, dpop: await key.proof('POST', `${htuBase}/v1/token`) },
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

/** A call from Node, with no Origin: what a replayed token looks like. */
const replay = (url: string, authorization: string, proof?: string) =>
  fetch(`${url}/v1/api/videos`, {
    headers: { authorization, ...(proof === undefined ? {} : { dpop: proof }) },
  })

const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code]

describe('a DPoP-bound token copied out of the page and replayed from Node', () => {
  it('is refused with no proof, with a proof from another key, and with a copied proof', async () => {
    const url = await start()
    const page = await createDpopKey()
    const token = await boundToken(url, page)
    const proof = await page.proof('GET', `${url}/v1/api/videos`, { accessToken: token })
    const real = await fetch(`${url}/v1/api/videos`, {
      headers: { origin: ORIGIN, authorization: `DPoP ${token}`, dpop: proof },
    })
    expect(real.status).toBe(200)

    expect(await codeOf(await replay(url, `Bearer ${token}`))).toEqual([401, 'invalid_token'])
    expect(await codeOf(await replay(url, `DPoP ${token}`))).toEqual([401, 'invalid_dpop_proof'])
    const attacker = await createDpopKey()
    const forged = await attacker.proof('GET', `${url}/v1/api/videos`, { accessToken: token })
    expect(await codeOf(await replay(url, `DPoP ${token}`, forged))).toEqual([
      401,
      'invalid_dpop_proof',
    ])
    expect(await codeOf(await replay(url, `DPoP ${token}`, proof))).toEqual([
      401,
      'invalid_dpop_proof',
    ])
  })

  it('checks htu against PUBLIC_URL, the origin the browser used in front of a proxy', async () => {
    const publicUrl = 'https://broker.example.com'
    const url = await start({ PUBLIC_URL: publicUrl })
    const page = await createDpopKey()
    const direct = await fetch(`${url}/v1/token`, {
      method: 'POST',
      headers: { origin: ORIGIN, dpop: await page.proof('POST', `${url}/v1/token`) },
    })
    expect(await codeOf(direct)).toEqual([400, 'invalid_dpop_proof'])
    const token = await boundToken(url, page, publicUrl)
    const proof = await page.proof('GET', `${publicUrl}/v1/api/videos`, { accessToken: token })
    expect((await replay(url, `DPoP ${token}`, proof)).status).toBe(200)
  })
})

describe("a DPoP refusal over Node's http", () => {
  it("carries one Date, the broker's clock, not the one Node's http would add", async () => {
    const brokerNow = Date.UTC(2026, 0, 1, 9, 30)
    const url = await start({}, () => brokerNow)
    // Signed on this machine's clock, nowhere near the broker's.
    const proof = await (await createDpopKey()).proof('POST', `${url}/v1/token`)
    const { status, dates } = await new Promise<{ status: number | undefined; dates: string[] }>(
      (resolve, reject) => {
        const sent = request(`${url}/v1/token`, {
          method: 'POST',
          headers: { origin: ORIGIN, dpop: proof },
        })
        sent.on('response', (res) => {
          res.resume()
          // Every header line as sent, name and value in turn: two Date lines would both show.
          const lines = res.rawHeaders
          const dates = lines.filter((_, i) => i % 2 === 1 && /^date$/i.test(lines[i - 1] ?? ''))
          resolve({ status: res.statusCode, dates })
        })
        sent.on('error', reject)
        sent.end()
      }
    )
    expect(status).toBe(400)
    expect(dates).toEqual([new Date(brokerNow).toUTCString()])
  })
})

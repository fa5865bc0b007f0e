import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DpopReplay } from '@keyward/broker/cloudflare'
import { beforeAll, describe, expect, it } from 'vitest'
import { emulator, isolate, ORIGIN } from './deployment.ts'
import { createDpopKey, type DpopKey } from './dpop-key.ts'

// The Worker as deployed (createWorker, wrangler.jsonc's bindings) with DPoP required: tokens
// bound to a WebCrypto key, proofs on every call, and the DpopReplay Durable Object as the replay
// cache that every isolate shares.
const BROKER = 'https://broker.test'
const NONCE_SECRET = 'a-dpop-nonce-secret-of-at-least-32-bytes'

/** The emulator's clock, which the Worker follows locally (DEV_CLOCK=auto): proofs' iat use it. */
let offset = 0
const now = () => Date.now() + offset
beforeAll(async () => {
  const { epochMs } = (await (await emulator('/_emulator/clock')).json()) as { epochMs: number }
  offset = epochMs - Date.now()
})

let nextIp = 1
const clientIp = () => `203.0.113.${nextIp++ % 250}`

type Isolate = ReturnType<typeof isolate>

async function boundToken(worker: Isolate, key: DpopKey, nonce?: string): Promise<Response> {
  return worker.request('/v1/token', {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'cf-connecting-ip': clientIp(),
      dpop: await key.proof('POST', `${BROKER}/v1/token`, nonce === undefined ? {} : { nonce }),
    },
  })
}

async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200)
  const body = (await res.json()) as { access_token: string; token_type: string }
  expect(body.token_type).toBe('DPoP')
  return body.access_token
}

function call(worker: Isolate, method: string, path: string, token: string, proof?: string) {
  return worker.request(path, {
    method,
    headers: {
      origin: ORIGIN,
      authorization: `DPoP ${token}`,
      'cf-connecting-ip': clientIp(),
      ...(proof === undefined ? {} : { dpop: proof }),
    },
  })
}

const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code

describe('DPoP in workerd (DPOP=required)', () => {
  it('binds a token to the key and serves the proxy and upload tokens with a proof per call', async () => {
    const worker = isolate({ DPOP: 'required' })
    const key = await createDpopKey(now)
    const token = await tokenOf(await boundToken(worker, key))
    const claims = JSON.parse(
      atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))
    )
    expect(claims.cnf).toEqual({ jkt: key.jkt })
    const list = `${BROKER}/v1/api/videos`
    const listed = await call(
      worker,
      'GET',
      '/v1/api/videos',
      token,
      await key.proof('GET', list, { accessToken: token })
    )
    expect(listed.status).toBe(200)
    const upload = `${BROKER}/v1/upload-token`
    const uploaded = await call(
      worker,
      'POST',
      '/v1/upload-token',
      token,
      await key.proof('POST', upload, { accessToken: token })
    )
    expect(uploaded.status).toBe(200)
  })

  it('refuses the token without a proof, with another key, as Bearer, and unbound', async () => {
    const worker = isolate({ DPOP: 'required' })
    const key = await createDpopKey(now)
    const thief = await createDpopKey(now)
    const token = await tokenOf(await boundToken(worker, key))
    const url = `${BROKER}/v1/api/videos`
    const noProof = await call(worker, 'GET', '/v1/api/videos', token)
    expect([noProof.status, await codeOf(noProof)]).toEqual([401, 'invalid_dpop_proof'])
    expect(noProof.headers.get('www-authenticate')).toMatch(
      /^DPoP error="invalid_dpop_proof", algs="ES256/
    )
    const otherKey = await call(
      worker,
      'GET',
      '/v1/api/videos',
      token,
      await thief.proof('GET', url, { accessToken: token })
    )
    expect([otherKey.status, await codeOf(otherKey)]).toEqual([401, 'invalid_dpop_proof'])
    const asBearer = await worker.request('/v1/api/videos', {
      headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
    })
    expect([asBearer.status, await codeOf(asBearer)]).toEqual([401, 'invalid_token'])
    const unbound = await worker.request('/v1/token', {
      method: 'POST',
      headers: { origin: ORIGIN, 'cf-connecting-ip': clientIp() },
    })
    expect([unbound.status, await codeOf(unbound)]).toEqual([400, 'invalid_dpop_proof'])
  })

  it('refuses a proof replayed to another isolate: the DpopReplay object saw it first', async () => {
    const first = isolate({ DPOP: 'required' })
    const second = isolate({ DPOP: 'required' })
    const key = await createDpopKey(now)
    const token = await tokenOf(await boundToken(first, key))
    const proof = await key.proof('GET', `${BROKER}/v1/api/videos`, { accessToken: token })
    expect((await call(first, 'GET', '/v1/api/videos', token, proof)).status).toBe(200)
    const replayed = await call(second, 'GET', '/v1/api/videos', token, proof)
    expect([replayed.status, await codeOf(replayed)]).toEqual([401, 'invalid_dpop_proof'])
  })

  it('catches a replay only within one isolate without the DPOP_REPLAY binding', async () => {
    const first = isolate({ DPOP: 'required', DPOP_REPLAY: undefined })
    const second = isolate({ DPOP: 'required', DPOP_REPLAY: undefined })
    const key = await createDpopKey(now)
    const token = await tokenOf(await boundToken(first, key))
    const proof = await key.proof('GET', `${BROKER}/v1/api/videos`, { accessToken: token })
    expect((await call(first, 'GET', '/v1/api/videos', token, proof)).status).toBe(200)
    expect((await call(first, 'GET', '/v1/api/videos', token, proof)).status).toBe(401)
    // What the in-memory cache does not cover, and the README says so: another isolate.
    expect((await call(second, 'GET', '/v1/api/videos', token, proof)).status).toBe(200)
  })

  it('challenges with a DPoP-Nonce when DPOP_NONCE_SECRET is set, then binds and serves', async () => {
    const worker = isolate({ DPOP: 'required', DPOP_NONCE_SECRET: NONCE_SECRET })
    const key = await createDpopKey(now)
    const challenged = await boundToken(worker, key)
    expect([challenged.status, await codeOf(challenged)]).toEqual([400, 'use_dpop_nonce'])
    const nonce = challenged.headers.get('dpop-nonce') as string
    expect(nonce).toMatch(/^\d+\./)
    const token = await tokenOf(await boundToken(worker, key, nonce))
    const url = `${BROKER}/v1/api/videos`
    const res = await call(
      worker,
      'GET',
      '/v1/api/videos',
      token,
      await key.proof('GET', url, { accessToken: token, nonce })
    )
    expect(res.status).toBe(200)
  })

  it('refuses, after a restart of the object, the proofs it claimed before (kept in SQLite)', async () => {
    const stub = env.DPOP_REPLAY.get(env.DPOP_REPLAY.idFromName('dpop:restart-test'))
    const at = Date.now()
    expect(await stub.claim('restart-test.one', at + 60_000, at)).toBe(true)
    // A new instance on the same storage is what an evicted object starts as.
    const answers = await runInDurableObject(stub, (_instance, state) => {
      const restarted = new DpopReplay(state, env)
      return [
        restarted.claim('restart-test.one', at + 60_000, at),
        restarted.claim('restart-test.two', at + 60_000, at),
        restarted.claim('restart-test.two', at + 60_000, at),
      ]
    })
    expect(answers).toEqual([false, true, false])
    // Once the window has ended on the broker's clock, the id may be claimed again.
    expect(await stub.claim('restart-test.one', at + 180_000, at + 60_000)).toBe(true)
  })

  it("empties a key's DpopReplay object with its alarm once its proofs' windows have ended", async () => {
    const stub = env.DPOP_REPLAY.get(env.DPOP_REPLAY.idFromName('dpop:alarm-test'))
    // Claimed on a broker clock 10 s behind: one proof's window ended 5 s ago, one's is open.
    const then = Date.now() - 10_000
    expect(await stub.claim('alarm-test.ended', then + 5_000, then)).toBe(true)
    expect(await stub.claim('alarm-test.open', Date.now() + 60_000, then)).toBe(true)
    expect(await stub.claim('alarm-test.open', Date.now() + 60_000, then)).toBe(false)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    const ids = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec('SELECT id FROM seen')
        .toArray()
        .map((row) => row.id)
    )
    expect(ids).toEqual(['alarm-test.open'])
  })
})

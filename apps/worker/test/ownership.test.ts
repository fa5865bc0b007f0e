import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { createWorker } from '@keyward/broker/cloudflare'
import { beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, proxyCall, UPSTREAM } from './deployment.ts'

// The Worker in ownership mode (OWNERSHIP=metadata) inside workerd, in front of the api.video
// emulator auxiliary Worker; users sign in with JWTs this file signs (USER_JWT_PUBLIC_KEY).
const ISSUER = 'https://id.example.test'
const OWNER_KEY = 'keyward:owner'
const BASIC = `Basic ${btoa(`${env.APIVIDEO_API_KEY}:`)}`

let userKey: CryptoKey
let ownershipEnv: Record<string, unknown>
const worker = createWorker()
let nextIp = 1

beforeAll(async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  userKey = pair.privateKey
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey)
  ownershipEnv = {
    ...env,
    OWNERSHIP: 'metadata',
    ANONYMOUS_SCOPES: 'videos:read',
    USER_JWT_PUBLIC_KEY: JSON.stringify({ ...publicJwk, kid: 'users', alg: 'EdDSA' }),
    USER_JWT_ISSUER: ISSUER,
    USER_JWT_AUDIENCE: 'keyward',
  }
})

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const text = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)))

/** A user JWT as the app's identity provider would sign it. */
async function userJwt(sub: string, scope: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  const input = `${text({ alg: 'EdDSA', kid: 'users', typ: 'JWT' })}.${text({ iss: ISSUER, aud: 'keyward', sub, scope, iat, exp: iat + 300 })}`
  const signature = await crypto.subtle.sign('Ed25519', userKey, new TextEncoder().encode(input))
  return `${input}.${b64url(new Uint8Array(signature))}`
}

async function broker(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`https://broker.test${path}`, init),
    ownershipEnv as never,
    ctx
  )
  await waitOnExecutionContext(ctx)
  return res
}

/** A broker token for a signed-in user (`sub`), or an anonymous one without `sub`. */
async function token(sub?: string, scope = 'videos:read videos:write videos:delete videos:upload') {
  const res = await broker('/v1/token', {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'cf-connecting-ip': `198.51.100.${nextIp++}`,
      ...(sub === undefined ? {} : { authorization: `Bearer ${await userJwt(sub, scope)}` }),
    },
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

/** A proxied call; a string body is JSON. */
const api = (path: string, accessToken: string, init: RequestInit = {}) =>
  proxyCall(broker, path, accessToken, {
    ...init,
    headers: {
      ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as object),
    },
  })

interface Video {
  videoId: string
  metadata: { key: string; value: string }[]
}

/** Fresh users per test: the emulator Worker is shared by every test of the suite. */
const users = () => {
  const run = crypto.randomUUID()
  return { alice: `alice-${run}`, bob: `bob-${run}` }
}

describe('ownership mode in workerd, against the api.video emulator', () => {
  it("stamps a user's new video and lists only that user's videos", async () => {
    const { alice, bob } = users()
    const [aliceToken, bobToken] = [await token(alice), await token(bob)]
    const created = await api('/videos', aliceToken, {
      method: 'POST',
      body: JSON.stringify({ title: 'Made in workerd' }),
    })
    expect(created.status).toBe(201)
    const video = (await created.json()) as Video
    expect(video.metadata).toEqual([{ key: OWNER_KEY, value: alice }])
    const listOf = async (accessToken: string) =>
      ((await (await api('/videos', accessToken)).json()) as { data: Video[] }).data.map(
        (item) => item.videoId
      )
    expect(await listOf(aliceToken)).toEqual([video.videoId])
    expect(await listOf(bobToken)).toEqual([])
    const filtered = await api(`/videos?metadata%5Bkeyward%3Aowner%5D=${alice}`, bobToken)
    expect(filtered.status).toBe(400)
    expect(await filtered.json()).toMatchObject({ code: 'reserved_metadata' })
  })

  it("answers another user's video like a missing one, on every kind of call", async () => {
    const { alice, bob } = users()
    const [aliceToken, bobToken] = [await token(alice), await token(bob)]
    const created = await api('/videos', aliceToken, {
      method: 'POST',
      body: JSON.stringify({ title: 'Alice only' }),
    })
    const { videoId } = (await created.json()) as Video
    const calls: Array<[string, RequestInit]> = [
      [`/videos/${videoId}`, {}],
      [`/videos/${videoId}/status`, {}],
      [`/videos/${videoId}`, { method: 'PATCH', body: '{"title":"Bob was here"}' }],
      [`/videos/${videoId}`, { method: 'DELETE' }],
      [`/videos/${videoId}/captions`, {}],
    ]
    const missing = await api('/videos/vi0000000000000000000000', bobToken)
    const { requestId: _, ...expected } = (await missing.json()) as Record<string, unknown>
    expect(expected).toMatchObject({ code: 'not_found', status: 404 })
    for (const [path, init] of calls) {
      const res = await api(path, bobToken, init)
      expect(res.status).toBe(404)
      const { requestId: __, ...problem } = (await res.json()) as Record<string, unknown>
      expect(problem).toEqual(expected)
    }
    const still = await fetch(`${UPSTREAM}/videos/${videoId}`, {
      headers: { authorization: BASIC },
    })
    expect(await still.json()).toMatchObject({ title: 'Alice only' })
    expect((await api(`/videos/${videoId}`, aliceToken)).status).toBe(200)
  })

  it("creates the user's video with the upload token and answers its videoId", async () => {
    const { alice, bob } = users()
    const res = await broker('/v1/upload-token', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        authorization: `Bearer ${await token(alice)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: 'Uploaded in workerd' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { token: string; videoId: string }
    expect(body.token).toMatch(/^to/)
    const stored = await fetch(`${UPSTREAM}/videos/${body.videoId}`, {
      headers: { authorization: BASIC },
    })
    expect(await stored.json()).toMatchObject({
      title: 'Uploaded in workerd',
      metadata: [{ key: OWNER_KEY, value: alice }],
    })
    expect((await api(`/videos/${body.videoId}`, await token(bob))).status).toBe(404)
  })

  it('tells anonymous callers to sign in, and refuses account-wide families to non-admins', async () => {
    const anonymous = await token()
    const signIn = await api('/videos', anonymous)
    expect(signIn.status).toBe(403)
    expect(await signIn.json()).toMatchObject({ code: 'ownership_sign_in_required' })
    const { alice } = users()
    const user = await token(alice, 'videos:read livestreams:read')
    const adminOnly = await api('/live-streams', user)
    expect(await adminOnly.json()).toMatchObject({ code: 'ownership_admin_only' })
    const admin = await token(`root-${alice}`, 'videos:read livestreams:read admin')
    expect((await api('/live-streams', admin)).status).toBe(200)
  })

  it('refuses to start with anonymous writers, naming the variable', async () => {
    const ctx = createExecutionContext()
    const res = await createWorker().fetch(
      new Request('https://broker.test/healthz'),
      { ...ownershipEnv, ANONYMOUS_SCOPES: 'videos:read,videos:upload' } as never,
      ctx
    )
    expect(res.status).toBe(500)
    const problem = (await res.json()) as { code: string; detail: string }
    expect(problem.code).toBe('invalid_config')
    expect(problem.detail).toContain('ANONYMOUS_SCOPES')
  })
})

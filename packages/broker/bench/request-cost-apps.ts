/**
 * The apps `request-cost.ts` compares: the broker configured as the hot-path benchmark runs it
 * (anonymous `videos:read`, rate limits off, `LOG_LEVEL=warn`), its ownership variant
 * (`OWNERSHIP=metadata`, a signed-in user), and a bare Hono app with the routes of
 * `bench/baseline/app.ts` (constant JSON, a jose EdDSA token, one forward with a fixed token).
 * Every upstream call goes to an in-memory api.video, so only the apps' own work is measured.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { Hono } from 'hono'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import * as broker from '../src/broker.ts'
import * as node from '../src/node/serve.ts'
import type { BrokerOptions } from '../src/options/broker-options.ts'
import * as env from '../src/options/env.ts'

export const ORIGIN = 'https://app.example.com'
export const UPSTREAM = 'https://apivideo.test'
export const UPSTREAM_TOKEN = 'upstream-access-token'
const USER_ISSUER = 'https://id.bench.keyward.test'
const USER_AUDIENCE = 'keyward-bench'

/** Ten videos, about the size of the emulator's `GET /videos?pageSize=10` (6.7 KB). */
const LIST_BODY = new TextEncoder().encode(
  JSON.stringify({
    data: Array.from({ length: 10 }, (_, i) => ({
      videoId: `vi${String(i).padStart(22, '0')}`,
      title: `Video ${i}`,
      description: 'A video of the benchmark, about as long as a real description is.',
      public: true,
      panoramic: false,
      mp4Support: true,
      tags: ['bench', 'keyward'],
      metadata: [{ key: 'keyward:owner', value: 'alice' }],
      createdAt: '2026-11-30T00:00:00+00:00',
      updatedAt: '2026-11-30T00:00:00+00:00',
      publishedAt: '2026-11-30T00:00:00+00:00',
      source: { type: 'upload', uri: `/videos/vi${String(i).padStart(22, '0')}/source` },
      assets: {
        iframe: `<iframe src="https://embed.api.video/vod/vi${i}" width="100%" height="100%"></iframe>`,
        player: `https://embed.api.video/vod/vi${String(i).padStart(22, '0')}`,
        hls: `https://vod.api.video/vod/vi${String(i).padStart(22, '0')}/hls/manifest.m3u8`,
        thumbnail: `https://vod.api.video/vod/vi${String(i).padStart(22, '0')}/thumbnail.jpg`,
        mp4: `https://vod.api.video/vod/vi${String(i).padStart(22, '0')}/mp4/source.mp4`,
      },
    })),
    pagination: { currentPage: 1, pageSize: 10, pagesTotal: 1, itemsTotal: 10 },
  })
)

const TOKEN_BODY = JSON.stringify({
  access_token: UPSTREAM_TOKEN,
  refresh_token: 'r',
  expires_in: 3600,
})
const isAuth = (path: string) => path.endsWith('/auth/api-key') || path.endsWith('/auth/refresh')
// Taken before `@hono/node-server` swaps the global for its own: `fetch` answers with this one.
const FetchResponse = Response

/** api.video in memory: the key exchange, and the list for any other call. */
export const upstreamFetch = (async (input: RequestInfo | URL) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const body = isAuth(url) ? TOKEN_BODY : LIST_BODY
  return new FetchResponse(body, { headers: { 'content-type': 'application/json' } })
}) as typeof fetch

/** api.video on a loopback port, for servers that reach it with the real `fetch`. */
export async function upstreamServer(): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    const body = isAuth(request.url ?? '') ? TOKEN_BODY : LIST_BODY
    response.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

/** The bare baseline's routes (`bench/baseline/app.ts`), forwarding to `upstream` with `fetch`. */
export function bareApp(upstream = UPSTREAM, fetchImpl: typeof fetch = upstreamFetch): Hono {
  let keys: Promise<CryptoKeyPair> | undefined
  const keyPair = () => {
    keys ??= generateKeyPair('EdDSA', { crv: 'Ed25519' })
    return keys
  }
  const bare = new Hono()
  bare.get('/static', (c) => c.json({ ok: true }))
  bare.post('/token', async (c) => {
    const now = Math.floor(Date.now() / 1000)
    const token = await new SignJWT({ scope: 'videos:read' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign((await keyPair()).privateKey)
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: 300 })
  })
  bare.get('/proxy', async (c) => {
    const search = new URL(c.req.url).search
    const res = await fetchImpl(`${upstream}/videos${search}`, {
      headers: { authorization: `Bearer ${UPSTREAM_TOKEN}` },
    })
    return new Response(res.body, {
      status: res.status,
      headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' },
    })
  })
  return bare
}

/** The variables the hot-path benchmark gives both brokers (`bench/src/hot-path-stack.ts`). */
export async function brokerEnv(upstream = UPSTREAM): Promise<Record<string, string>> {
  return {
    APIVIDEO_API_KEY: 'bench-api-key',
    KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk()),
    APIVIDEO_BASE_URL: upstream,
    ALLOWED_ORIGINS: ORIGIN,
    ANONYMOUS_SCOPES: 'videos:read',
    RATE_LIMIT_REQUESTS: '0',
    PROXY_RATE_LIMIT_REQUESTS: '0',
    LOG_LEVEL: 'warn',
    TOKEN_TTL_SECONDS: '3600',
  }
}

/** A user identity provider for the ownership variant, as `bench/src/variant-ownership.ts`. */
export async function userProvider() {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'bench-user', alg: 'ES256' }
  return {
    vars: {
      OWNERSHIP: 'metadata',
      USER_JWT_PUBLIC_KEY: JSON.stringify(publicJwk),
      USER_JWT_ISSUER: USER_ISSUER,
      USER_JWT_AUDIENCE: USER_AUDIENCE,
    },
    /** A signed-in user's JWT, as the app would send it to `/v1/token`. */
    userJwt: (sub: string) =>
      new SignJWT({ scope: 'videos:read' })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench-user' })
        .setIssuer(USER_ISSUER)
        .setAudience(USER_AUDIENCE)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey),
  }
}

export const brokerOverrides: Partial<BrokerOptions> = { fetch: upstreamFetch }

/** Where a broker comes from: this package's `src`, or another copy of it to compare with. */
export interface BrokerSource {
  createBroker: typeof broker.createBroker
  brokerOptionsFromEnv: typeof env.brokerOptionsFromEnv
  serve: typeof node.serve
}

export const CURRENT: BrokerSource = { ...broker, ...env, ...node }

/**
 * A copy of `src` elsewhere (`BEFORE=/tmp/before/src`, e.g. from `git archive <commit>
 * packages/broker/src`), measured beside this one in the same run.
 */
export async function sourceAt(dir: string): Promise<BrokerSource> {
  const at = (file: string) => import(join(resolve(dir), file))
  return {
    ...(await at('broker.ts')),
    ...(await at('options/env.ts')),
    ...(await at('node/serve.ts')),
  }
}

/** A broker built from `vars` exactly as the Worker and `serve` build it. */
export function brokerApp(vars: Record<string, string>, source = CURRENT) {
  return source.createBroker(source.brokerOptionsFromEnv(vars, brokerOverrides))
}

/** A broker token from `app`'s own `/v1/token`, sent with `authorization` when given. */
export async function tokenFrom(
  fetchApp: (request: Request) => Promise<Response> | Response,
  base: string,
  authorization?: string
): Promise<string> {
  const headers: Record<string, string> = { origin: ORIGIN }
  if (authorization !== undefined) headers.authorization = authorization
  const res = await fetchApp(new Request(`${base}/v1/token`, { method: 'POST', headers }))
  if (!res.ok) throw new Error(`/v1/token answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** A private Ed25519 JWK, as `npx @keyward/broker generate-key` makes one. */
async function signingJwk() {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  return { ...(await exportJWK(privateKey)), kid: 'bench', alg: 'EdDSA' }
}

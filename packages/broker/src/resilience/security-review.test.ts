import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { serve } from '../node/serve.ts'
import { expectProblem, quiet } from '../test-support/answers.ts'
import {
  createHarness,
  createVideo,
  type Harness,
  ORIGIN,
  signingJwk,
} from '../test-support/harness.ts'

// The findings of an outside security review of the broker, one describe block each; the rows of
// docs/reliability.md ("Found by the security review") quote these names.

/** A JSON object whose `metadata` nests `depth` arrays: about 2 bytes per level. */
const nested = (depth: number) =>
  `{"title":"deep","metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`

async function expectNothingForwarded(h: Harness) {
  await h.settle()
  expect(h.apiCalls()).toEqual([])
  expect(h.emulator.stats().routes).not.toHaveProperty('POST /videos')
}

describe('a deeply nested JSON body is a 400, not a 500', () => {
  it('answers 400 json_too_deep to 5,000 nested arrays on every JSON route, forwarding nothing', async () => {
    const h = await createHarness()
    const token = await h.token()
    const json = { 'content-type': 'application/json' }
    const auth = { ...json, origin: ORIGIN, authorization: `Bearer ${token}` }
    const answers = [
      await h.api('/videos', token, { method: 'POST', body: nested(5000) }),
      // The token routes' own size limits (4 KiB, 1 KiB) come first: these fit under them.
      await h.request('/v1/token', {
        method: 'POST',
        headers: { ...json, origin: ORIGIN },
        body: nested(1500),
      }),
      await h.request('/v1/upload-token', { method: 'POST', headers: auth, body: nested(400) }),
    ]
    for (const res of answers) await expectProblem(res, 400, 'json_too_deep')
    await expectNothingForwarded(h)
  })

  it('counts only brackets outside strings, and lets 32 levels through', async () => {
    const h = await createHarness()
    const headers = { origin: ORIGIN, 'content-type': 'application/json' }
    const deepest = `{"a":${'['.repeat(31)}${']'.repeat(31)}}`
    const quoted = `{"a":"${'[{'.repeat(500)}\\"${'['.repeat(100)}"}`
    for (const body of [deepest, quoted]) {
      expect((await h.request('/v1/token', { method: 'POST', headers, body })).status).toBe(200)
    }
    const tooDeep = `{"a":${'['.repeat(32)}${']'.repeat(32)}}`
    const res = await h.request('/v1/token', { method: 'POST', headers, body: tooDeep })
    await expectProblem(res, 400, 'json_too_deep')
  })

  it('answers the same 400 on the Node entry, over a real socket', async () => {
    const h = await createHarness()
    const serving = await serve({
      port: 0,
      env: {
        APIVIDEO_API_KEY: h.emulator.apiKey,
        KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
        APIVIDEO_BASE_URL: 'https://apivideo.test',
        ALLOWED_ORIGINS: ORIGIN,
        ANONYMOUS_SCOPES: 'videos:write',
      },
      broker: { fetch: h.upstreamFetch, logger: quiet },
    })
    try {
      const minted = await fetch(`${serving.url}/v1/token`, {
        method: 'POST',
        headers: { origin: ORIGIN },
      })
      const { access_token } = (await minted.json()) as { access_token: string }
      const res = await fetch(`${serving.url}/v1/api/videos`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          authorization: `Bearer ${access_token}`,
          'content-type': 'application/json',
        },
        body: nested(5000),
      })
      await expectProblem(res, 400, 'json_too_deep')
      await expectNothingForwarded(h)
    } finally {
      await serving.close()
    }
  })
})

describe('a token works from any allowed origin', () => {
  const OTHER = 'https://admin.example.com'

  it('refuses a token minted for one allowed origin when it comes from another: 403 origin_mismatch', async () => {
    const h = await createHarness({ broker: { allowedOrigins: [ORIGIN, OTHER] } })
    const token = await h.token()
    const from = (origin: string) => ({ origin, authorization: `Bearer ${token}` })
    const answers = [
      await h.request('/v1/api/videos', { headers: from(OTHER) }),
      await h.request('/v1/upload-token', { method: 'POST', headers: from(OTHER) }),
    ]
    for (const res of answers) await expectProblem(res, 403, 'origin_mismatch')
    await h.settle()
    expect(h.apiCalls()).toEqual([])
  })

  it('still serves the origin the token was minted for, and callers that send no Origin', async () => {
    const h = await createHarness({ broker: { allowedOrigins: [ORIGIN, OTHER] } })
    const token = await h.token()
    expect((await h.api('/videos', token)).status).toBe(200)
    const bare = await h.request('/v1/api/videos', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(bare.status).toBe(200)
  })
})

describe('the passthrough section of the README promises too much', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(
    readme.indexOf('### Passthrough mode'),
    readme.indexOf('### The broker itself')
  )

  it('says what a passthrough token really gets at api.video: a never-expiring upload token, any video deleted', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const res = await h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    const { access_token } = (await res.json()) as { access_token: string }
    const bearer = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }
    const upload = await h.emulator.fetch('/upload-tokens', {
      method: 'POST',
      headers: bearer,
      body: '{"ttl":0}',
    })
    expect(await upload.json()).toMatchObject({ ttl: 0 })
    const videoId = await createVideo(h)
    const removed = await h.emulator.fetch(`/videos/${videoId}`, {
      method: 'DELETE',
      headers: bearer,
    })
    expect(removed.status).toBe(204)
    expect(section).toContain('`POST /upload-tokens {"ttl": 0}`')
    expect(section).toContain('**never expires**')
    expect(section).toContain('**delete any video**')
    expect(section).not.toContain('cannot get a longer-lived credential')
  })
})

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The segment with the unused low bits of its last character set: other text, same bytes. */
function flipSpareBits(segment: string): string {
  const spare = segment.length % 4 === 2 ? 0b1111 : 0b11
  const last = ALPHABET.indexOf(segment.at(-1) as string)
  return `${segment.slice(0, -1)}${ALPHABET[last | spare]}`
}

describe('a token has a second accepted spelling', () => {
  it('refuses a token whose signature has its unused low bits flipped, as invalid_token', async () => {
    const h = await createHarness()
    const genuine = await h.token()
    const [header, payload, signature] = genuine.split('.') as [string, string, string]
    const respelled = `${header}.${payload}.${flipSpareBits(signature)}`
    // The same bytes: a verifier that decodes leniently sees the genuine signature.
    expect(respelled).not.toBe(genuine)
    expect(Buffer.from(flipSpareBits(signature), 'base64url')).toEqual(
      Buffer.from(signature, 'base64url')
    )
    expect((await h.api('/videos', genuine)).status).toBe(200)
    const res = await h.api('/videos', respelled)
    await expectProblem(res, 401, 'invalid_token')
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })
})

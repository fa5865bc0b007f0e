import { describe, expect, it } from 'vitest'
import {
  ALGS,
  BROKER_URL,
  createDpopHarness,
  NONCE_SECRET,
  problemOf,
} from '../test-support/dpop-harness.ts'
import { createDpopKey } from '../test-support/dpop-key.ts'

const VIDEOS = '/v1/api/videos'

/** A refusal: its status, code and challenge, and proof that api.video was never called. */
async function refusal(h: { apiCalls(): unknown[] }, res: Response) {
  const { code } = await problemOf(res)
  expect(h.apiCalls()).toEqual([])
  return { status: res.status, code, challenge: res.headers.get('www-authenticate') }
}

describe('a DPoP-bound token on the proxy and /v1/upload-token (RFC 9449 §7)', () => {
  it('is accepted as "DPoP <token>" with a proof of the request, signed by its key', async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const res = await h.signedCall('GET', VIDEOS, token)
    expect(res.status).toBe(200)
    expect(h.apiCalls()).toHaveLength(1)
  })

  it('gets an upload token with a proof of POST /v1/upload-token', async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const res = await h.signedCall('POST', '/v1/upload-token', token)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { token: string }).token).toMatch(/^to/)
    const audit = h.logs.find((line) => line.event === 'upload_token.issued')
    expect(audit?.fields.jkt).toBe(h.key.jkt)
  })

  it('ignores the query string in htu, as RFC 9449 §4.3 compares without it', async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const proof = await h.key.proof('GET', `${BROKER_URL}${VIDEOS}`, { accessToken: token })
    const res = await h.call('GET', `${VIDEOS}?currentPage=1`, { token, proof })
    expect(res.status).toBe(200)
  })

  it('is refused as Bearer, even with a proof: 401 invalid_token with a DPoP challenge', async () => {
    const h = await createDpopHarness('optional')
    const token = await h.boundToken()
    const proof = await h.key.proof('GET', `${BROKER_URL}${VIDEOS}`, { accessToken: token })
    const res = await h.call('GET', VIDEOS, { token, scheme: 'Bearer', proof })
    expect(await refusal(h, res)).toEqual({
      status: 401,
      code: 'invalid_token',
      challenge: `DPoP error="invalid_token", ${ALGS}`,
    })
  })

  it('is refused without a proof: 401 invalid_dpop_proof', async () => {
    const h = await createDpopHarness('optional')
    const token = await h.boundToken()
    const res = await h.call('GET', VIDEOS, { token, proof: null })
    expect(await refusal(h, res)).toEqual({
      status: 401,
      code: 'invalid_dpop_proof',
      challenge: `DPoP error="invalid_dpop_proof", ${ALGS}`,
    })
  })

  it.each([
    ['another method (htm)', { htm: 'DELETE' }],
    ['another URL (htu)', { htu: `${BROKER_URL}/v1/api/videos/vi123` }],
    ['another token (ath)', { accessToken: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }],
    ['an iat older than the window', { iat: Math.floor(Date.UTC(2026, 10, 28, 12) / 1000) - 61 }],
    ['an iat ahead of the window', { iat: Math.floor(Date.UTC(2026, 10, 28, 12) / 1000) + 61 }],
  ])('is refused with a proof of %s: 401 invalid_dpop_proof', async (_, claims) => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const res = await h.signedCall('GET', VIDEOS, token, { claims })
    expect((await refusal(h, res)).code).toBe('invalid_dpop_proof')
    expect(res.status).toBe(401)
  })

  it('is refused with a valid proof signed by another key', async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const thief = await createDpopKey(h.now)
    const res = await h.signedCall('GET', VIDEOS, token, { signer: thief })
    expect(await refusal(h, res)).toMatchObject({ status: 401, code: 'invalid_dpop_proof' })
  })

  it('is refused when a proof is replayed: each jti is used once', async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const proof = await h.key.proof('GET', `${BROKER_URL}${VIDEOS}`, { accessToken: token })
    expect((await h.call('GET', VIDEOS, { token, proof })).status).toBe(200)
    const replayed = await h.call('GET', VIDEOS, { token, proof })
    expect(replayed.status).toBe(401)
    expect((await problemOf(replayed)).code).toBe('invalid_dpop_proof')
    expect(h.apiCalls()).toHaveLength(1)
  })

  it('is held to its key even where DPoP is off: a binding belongs to the token', async () => {
    const h = await createDpopHarness('off')
    const token = await h.mint({ cnf: { jkt: h.key.jkt } })
    const asBearer = await h.call('GET', VIDEOS, { token, scheme: 'Bearer', proof: null })
    expect((await refusal(h, asBearer)).code).toBe('invalid_token')
    expect((await h.signedCall('GET', VIDEOS, token)).status).toBe(200)
  })

  it('answers use_dpop_nonce with a DPoP-Nonce, then takes the proof that carries it', async () => {
    const h = await createDpopHarness({ mode: 'required', nonce: { secret: NONCE_SECRET } })
    const tokenChallenge = await h.tokenRequest()
    const nonce = tokenChallenge.headers.get('dpop-nonce') as string
    const token = await h.boundToken(h.key, { nonce })
    const challenged = await h.signedCall('GET', VIDEOS, token)
    expect(challenged.status).toBe(401)
    expect(await problemOf(challenged)).toMatchObject({ code: 'use_dpop_nonce' })
    expect(challenged.headers.get('www-authenticate')).toBe(`DPoP error="use_dpop_nonce", ${ALGS}`)
    expect(challenged.headers.get('dpop-nonce')).toBe(nonce)
    const res = await h.signedCall('GET', VIDEOS, token, { claims: { nonce } })
    expect(res.status).toBe(200)
  })

  it('sends a fresher DPoP-Nonce with the answer when the proof carried the previous one', async () => {
    const h = await createDpopHarness({
      mode: 'required',
      nonce: { secret: NONCE_SECRET, stepSeconds: 60 },
    })
    const nonce = (await h.tokenRequest()).headers.get('dpop-nonce') as string
    const token = await h.boundToken(h.key, { nonce })
    h.advance(60_000)
    const res = await h.signedCall('GET', VIDEOS, token, { claims: { nonce } })
    expect(res.status).toBe(200)
    const next = res.headers.get('dpop-nonce')
    expect(next).toMatch(/^\d+\./)
    expect(next).not.toBe(nonce)
  })
})

describe('an unbound token where DPoP is on', () => {
  it('is refused on the proxy and /v1/upload-token when DPoP is required', async () => {
    const h = await createDpopHarness('required')
    const token = await h.mint()
    const proxied = await h.call('GET', VIDEOS, { token, scheme: 'Bearer', proof: null })
    expect(await refusal(h, proxied)).toEqual({
      status: 401,
      code: 'invalid_token',
      challenge: `DPoP error="invalid_token", ${ALGS}`,
    })
    const upload = await h.call('POST', '/v1/upload-token', {
      token,
      scheme: 'Bearer',
      proof: null,
    })
    expect(await refusal(h, upload)).toMatchObject({ status: 401, code: 'invalid_token' })
  })

  it('is accepted as Bearer when DPoP is optional, and refused under the DPoP scheme', async () => {
    const h = await createDpopHarness('optional')
    const token = await h.mint()
    expect((await h.call('GET', VIDEOS, { token, scheme: 'Bearer', proof: null })).status).toBe(200)
    const asDpop = await h.signedCall('GET', VIDEOS, token)
    expect(asDpop.status).toBe(401)
    expect((await problemOf(asDpop)).code).toBe('invalid_token')
  })

  it('gets a DPoP challenge when no token is sent at all', async () => {
    const required = await createDpopHarness('required')
    const res = await required.request(VIDEOS, { headers: { origin: 'https://app.example.com' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe(`DPoP error="invalid_token", ${ALGS}`)
    const optional = await createDpopHarness('optional')
    const both = await optional.request(VIDEOS)
    expect(both.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", DPoP ${ALGS}`)
  })
})

describe('a proof from a device whose clock is wrong (RFC 9449 §4.3, RFC 9110 §6.6.1)', () => {
  const TEN_MINUTES = 600

  it("is refused with the broker's clock in Date, at the token endpoint and on an API call", async () => {
    const h = await createDpopHarness('required')
    const token = await h.boundToken()
    const brokerDate = new Date(h.now()).toUTCString()
    const fast = { iat: Math.floor(h.now() / 1000) + TEN_MINUTES }
    const atToken = await h.tokenRequest(h.key, fast)
    expect(atToken.status).toBe(400)
    expect(atToken.headers.get('date')).toBe(brokerDate)
    const slow = { iat: Math.floor(h.now() / 1000) - TEN_MINUTES }
    const atCall = await h.signedCall('GET', VIDEOS, token, { claims: slow })
    expect((await refusal(h, atCall)).code).toBe('invalid_dpop_proof')
    expect(atCall.headers.get('date')).toBe(brokerDate)
  })

  it('lets the page read that Date: CORS exposes it', async () => {
    const h = await createDpopHarness('required')
    h.advance(90_000)
    const res = await h.tokenRequest(h.key, { iat: Math.floor(h.now() / 1000) - 90 })
    expect(res.status).toBe(400)
    expect(res.headers.get('date')).toBe(new Date(h.now()).toUTCString())
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toContain('Date')
  })

  it('dates a use_dpop_nonce refusal on the same clock', async () => {
    const h = await createDpopHarness({ mode: 'required', nonce: { secret: NONCE_SECRET } })
    const res = await h.tokenRequest()
    expect((await problemOf(res)).code).toBe('use_dpop_nonce')
    expect(res.headers.get('date')).toBe(new Date(h.now()).toUTCString())
  })
})

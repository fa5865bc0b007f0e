import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  ALGS,
  BROKER_URL,
  createDpopHarness,
  NONCE_SECRET,
  problemOf,
} from '../test-support/dpop-harness.ts'
import { createDpopKey } from '../test-support/dpop-key.ts'
import { ORIGIN } from '../test-support/harness.ts'

describe('POST /v1/token with a DPoP proof (RFC 9449 §5)', () => {
  it('binds the token to the proof key: cnf.jkt, token_type DPoP, and the jkt in the audit line', async () => {
    const h = await createDpopHarness('optional')
    const res = await h.tokenRequest()
    expect(res.status).toBe(200)
    const body = (await res.json()) as { access_token: string; token_type: string }
    expect(body.token_type).toBe('DPoP')
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: h.key.jkt })
    const audit = h.logs.find((line) => line.event === 'token.issued')
    expect(audit?.fields.jkt).toBe(h.key.jkt)
    expect(JSON.stringify(h.logs)).not.toContain('dpop+jwt')
  })

  it('issues a Bearer token without a proof when DPoP is optional', async () => {
    const h = await createDpopHarness('optional')
    const body = (await (await h.tokenRequest(null)).json()) as Record<string, string>
    expect(body.token_type).toBe('Bearer')
    expect(decodeJwt(body.access_token as string).cnf).toBeUndefined()
  })

  it('ignores the DPoP header when DPoP is off', async () => {
    const h = await createDpopHarness('off')
    const body = (await (await h.tokenRequest()).json()) as Record<string, string>
    expect(body.token_type).toBe('Bearer')
    expect(decodeJwt(body.access_token as string).cnf).toBeUndefined()
  })

  it('refuses a token request without a proof when DPoP is required: 400 invalid_dpop_proof', async () => {
    const h = await createDpopHarness('required')
    const res = await h.tokenRequest(null)
    expect(res.status).toBe(400)
    expect(await problemOf(res)).toMatchObject({
      code: 'invalid_dpop_proof',
      error: 'invalid_dpop_proof',
    })
    expect(res.headers.get('www-authenticate')).toBe(`DPoP error="invalid_dpop_proof", ${ALGS}`)
  })

  it('refuses a proof of another method or URL, and a replayed one', async () => {
    const h = await createDpopHarness('required')
    const wrongMethod = await h.request('/v1/token', {
      method: 'POST',
      headers: { origin: ORIGIN, dpop: await h.key.proof('GET', `${BROKER_URL}/v1/token`) },
    })
    expect((await problemOf(wrongMethod)).code).toBe('invalid_dpop_proof')
    const wrongUrl = await h.tokenRequest(h.key, {}, { url: 'https://elsewhere.example/v1/token' })
    expect((await problemOf(wrongUrl)).code).toBe('invalid_dpop_proof')
    const proof = await h.key.proof('POST', `${BROKER_URL}/v1/token`)
    const send = () =>
      h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN, dpop: proof } })
    expect((await send()).status).toBe(200)
    const replayed = await send()
    expect(replayed.status).toBe(400)
    expect((await problemOf(replayed)).code).toBe('invalid_dpop_proof')
  })

  it('challenges with use_dpop_nonce and a DPoP-Nonce when nonces are required, then binds', async () => {
    const h = await createDpopHarness({ mode: 'required', nonce: { secret: NONCE_SECRET } })
    const challenged = await h.tokenRequest()
    expect(challenged.status).toBe(400)
    expect(await problemOf(challenged)).toMatchObject({
      code: 'use_dpop_nonce',
      error: 'use_dpop_nonce',
    })
    expect(challenged.headers.get('www-authenticate')).toBe(`DPoP error="use_dpop_nonce", ${ALGS}`)
    const nonce = challenged.headers.get('dpop-nonce')
    expect(nonce).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/)
    const res = await h.tokenRequest(h.key, { nonce: nonce as string })
    expect(res.status).toBe(200)
    expect(res.headers.get('dpop-nonce')).toBe(nonce)
    expect(((await res.json()) as { token_type: string }).token_type).toBe('DPoP')
    expect(JSON.stringify(h.logs)).not.toContain(NONCE_SECRET)
  })

  it('checks htu against publicUrl when the broker sits behind a proxy', async () => {
    const h = await createDpopHarness('required', { publicUrl: 'https://broker.example.com' })
    const local = await h.tokenRequest()
    expect(local.status).toBe(400)
    const url = 'https://broker.example.com/v1/token'
    expect((await h.tokenRequest(h.key, {}, { url })).status).toBe(200)
  })

  it('tells each key apart: two keys get tokens bound to their own thumbprints', async () => {
    const h = await createDpopHarness('required')
    const other = await createDpopKey(h.now)
    const mine = decodeJwt(await h.boundToken()).cnf as { jkt: string }
    const theirs = decodeJwt(await h.boundToken(other)).cnf as { jkt: string }
    expect(mine.jkt).toBe(h.key.jkt)
    expect(theirs.jkt).toBe(other.jkt)
    expect(mine.jkt).not.toBe(theirs.jkt)
  })
})

describe('CORS for DPoP', () => {
  it('lets a preflight send the DPoP header, and exposes DPoP-Nonce and WWW-Authenticate', async () => {
    const h = await createDpopHarness('required')
    const preflight = await h.request('/v1/api/videos', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, dpop',
      },
    })
    expect(preflight.status).toBe(204)
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    expect(allowed.split(',')).toContain('dpop')
    const res = await h.tokenRequest()
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase()
    expect(exposed.split(',')).toEqual(expect.arrayContaining(['dpop-nonce', 'www-authenticate']))
  })
})

import {
  base64url,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
} from 'jose'
import { describe, expect, it } from 'vitest'
import { createDpopKey } from './key.ts'
import { createProof } from './proof.ts'

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0)
const URL_ = 'https://broker.example.com/v1/api/videos'
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl'

/** Verifies a proof as a DPoP server does (RFC 9449 §4.3), with jose rather than this package. */
async function verify(proof: string) {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: ['ES256'],
    currentDate: new Date(NOW),
  })
  return { payload, protectedHeader }
}

async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return base64url.encode(new Uint8Array(digest))
}

describe('createProof', () => {
  it('signs an ES256 dpop+jwt that verifies with the public key in its header', async () => {
    const key = await createDpopKey()
    const proof = await createProof({ key, htm: 'GET', htu: URL_, now: NOW })
    const { payload, protectedHeader } = await verify(proof)
    expect(protectedHeader).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk })
    expect(payload).toEqual({ jti: expect.any(String), htm: 'GET', htu: URL_, iat: NOW / 1000 })
    expect(await calculateJwkThumbprint(protectedHeader.jwk ?? {}, 'sha256')).toBe(
      await calculateJwkThumbprint(key.jwk, 'sha256')
    )
  })

  it('leaves the query and fragment out of htu', async () => {
    const key = await createDpopKey()
    const htu = new URL(`${URL_}?currentPage=2&pageSize=25#list`)
    const { payload } = await verify(await createProof({ key, htm: 'GET', htu, now: NOW }))
    expect(payload.htu).toBe(URL_)
  })

  it('binds to the access token with ath, the base64url SHA-256 of the token', async () => {
    const key = await createDpopKey()
    const proof = await createProof({ key, htm: 'POST', htu: URL_, accessToken: TOKEN, now: NOW })
    const { payload } = await verify(proof)
    expect(payload.ath).toBe(await sha256(TOKEN))
    expect(payload.htm).toBe('POST')
  })

  it('hashes each token it is given, also when proofs for two tokens are made at once', async () => {
    const key = await createDpopKey()
    const tokens = [TOKEN, `${TOKEN}x`, TOKEN, `${TOKEN}x`]
    const proofs = await Promise.all(
      tokens.map((accessToken) =>
        createProof({ key, htm: 'GET', htu: URL_, accessToken, now: NOW })
      )
    )
    const aths = await Promise.all(proofs.map(async (proof) => (await verify(proof)).payload.ath))
    expect(aths).toEqual(await Promise.all(tokens.map(sha256)))
    expect(aths[0]).not.toBe(aths[1])
  })

  it("carries the broker's nonce when given one", async () => {
    const key = await createDpopKey()
    const proof = await createProof({ key, htm: 'GET', htu: URL_, nonce: '123.abc', now: NOW })
    expect((await verify(proof)).payload.nonce).toBe('123.abc')
  })

  it('uses a new random jti for every proof, and whole seconds for iat', async () => {
    const key = await createDpopKey()
    const make = () => createProof({ key, htm: 'GET', htu: URL_, now: NOW + 999 })
    const [one, two] = await Promise.all([make(), make()])
    const [a, b] = await Promise.all([verify(one as string), verify(two as string)])
    expect(a.payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(a.payload.jti).not.toBe(b.payload.jti)
    expect(a.payload.iat).toBe(NOW / 1000)
  })

  it('is signed by its key only: another key in the header fails verification', async () => {
    const key = await createDpopKey()
    const other = await createDpopKey()
    const proof = await createProof({ key: { ...key, jwk: other.jwk }, htm: 'GET', htu: URL_ })
    expect(decodeProtectedHeader(proof).jwk).toEqual(other.jwk)
    await expect(verify(proof)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    })
  })
})

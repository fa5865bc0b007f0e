import {
  base64url,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose'
import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { createDpopNonces } from './nonce.ts'
import { DPOP_ALGORITHMS, type DpopAlgorithm } from './options.ts'
import { createDpopVerifier, type DpopRequest, htuOf } from './proof.ts'
import { createMemoryReplayCache } from './replay-cache.ts'

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0)
const URL_ = 'https://broker.example.com/v1/api/videos'
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl'
const ALGS = 'ES256 ES384 EdDSA PS256 RS256'

async function keyFor(alg: DpopAlgorithm = 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return { privateKey, jwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) }
}

type Key = Awaited<ReturnType<typeof keyFor>>

async function sign(
  key: Key,
  claims: JWTPayload,
  { alg = 'ES256', typ = 'dpop+jwt', jwk = key.jwk }: { alg?: string; typ?: string; jwk?: JWK } = {}
) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ, jwk }).sign(key.privateKey)
}

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    jti: crypto.randomUUID(),
    htm: 'GET',
    htu: URL_,
    iat: NOW / 1000,
    ...overrides,
  }
}

function verifier(options: Partial<Parameters<typeof createDpopVerifier>[0]> = {}) {
  const now = () => NOW
  return createDpopVerifier({ now, replayCache: createMemoryReplayCache({ now }), ...options })
}

function request(proof: string | undefined, overrides: Partial<DpopRequest> = {}): DpopRequest {
  return { proof, method: 'GET', url: URL_, ...overrides }
}

async function refusal(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  if (!(error instanceof BrokerError)) throw new Error(`expected a BrokerError, got ${error}`)
  return error
}

async function athOf(token: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

describe('a valid DPoP proof', () => {
  it.each(DPOP_ALGORITHMS)(
    'is accepted when signed with %s, answering the key thumbprint',
    async (alg) => {
      const key = await keyFor(alg)
      const proof = await sign(key, claims(), { alg })
      const verified = await verifier()(request(proof))
      expect(verified.jkt).toBe(await calculateJwkThumbprint(key.jwk, 'sha256'))
      expect(verified.jwk).toEqual(key.jwk)
      expect(verified.iat).toBe(NOW / 1000)
    }
  )

  it('is accepted with the ath of the access token sent with it', async () => {
    const key = await keyFor()
    const proof = await sign(key, claims({ ath: await athOf(TOKEN) }))
    await expect(verifier()(request(proof, { accessToken: TOKEN }))).resolves.toMatchObject({
      jkt: await calculateJwkThumbprint(key.jwk, 'sha256'),
    })
  })

  it('matches htu without the query and fragment, after normalising the URL', async () => {
    const key = await keyFor()
    const verify = verifier()
    const signed = 'HTTPS://Broker.Example.com:443/v1/api/./videos?x=1#top'
    const proof = await sign(key, claims({ htu: signed }))
    await expect(verify(request(proof, { url: `${URL_}?currentPage=2` }))).resolves.toBeDefined()
  })
})

describe('an invalid DPoP proof is refused with invalid_dpop_proof', () => {
  it('when missing, with a DPoP challenge listing the algorithms', async () => {
    const error = await refusal(verifier()(request(undefined)))
    expect(error.code).toBe('invalid_dpop_proof')
    expect(error.status).toBe(401)
    expect(error.headers['www-authenticate']).toBe(
      `DPoP error="invalid_dpop_proof", algs="${ALGS}"`
    )
  })

  it('as a 400 at the token endpoint', async () => {
    const error = await refusal(verifier()(request(undefined, { site: 'token' })))
    expect([error.code, error.status]).toEqual(['invalid_dpop_proof', 400])
  })

  it('when two DPoP headers were sent (joined by a comma)', async () => {
    const key = await keyFor()
    const proof = await sign(key, claims())
    const error = await refusal(verifier()(request(`${proof}, ${proof}`)))
    expect(error.code).toBe('invalid_dpop_proof')
  })

  it('when it is not a JWS, or too large to be one', async () => {
    const verify = verifier()
    for (const proof of ['not-a-jws', 'a.b.c', `${'a'.repeat(9000)}.b.c`])
      expect((await refusal(verify(request(proof)))).code).toBe('invalid_dpop_proof')
  })

  it('when its typ is not dpop+jwt', async () => {
    const key = await keyFor()
    const proof = await sign(key, claims(), { typ: 'JWT' })
    const error = await refusal(verifier()(request(proof)))
    expect(error.detail).toContain('typ')
  })

  it('when its header has no jwk', async () => {
    const key = await keyFor()
    const proof = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt' })
      .sign(key.privateKey)
    expect((await refusal(verifier()(request(proof)))).code).toBe('invalid_dpop_proof')
  })

  it('when its jwk holds the private key', async () => {
    const key = await keyFor()
    const proof = await sign(key, claims(), { jwk: key.privateJwk })
    const error = await refusal(verifier()(request(proof)))
    expect(error.detail).toContain('public key')
  })

  it('when it is MACed with a symmetric key (HS256)', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32))
    const proof = await new SignJWT(claims())
      .setProtectedHeader({
        alg: 'HS256',
        typ: 'dpop+jwt',
        jwk: { kty: 'oct', k: base64url.encode(secret) } as never,
      })
      .sign(secret)
    expect((await refusal(verifier()(request(proof)))).code).toBe('invalid_dpop_proof')
  })

  it('when it is unsigned (alg none), or its alg is not one the broker accepts', async () => {
    const key = await keyFor('ES256')
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk }))
    const payload = base64url.encode(JSON.stringify(claims()))
    const unsigned = `${header}.${payload}.${base64url.encode('x')}`
    expect((await refusal(verifier()(request(unsigned)))).code).toBe('invalid_dpop_proof')
    const es384 = await keyFor('ES384')
    const error = await refusal(
      verifier({ algorithms: ['ES256'] })(request(await sign(es384, claims(), { alg: 'ES384' })))
    )
    expect(error.detail).toContain('alg')
    expect(error.headers['www-authenticate']).toBe('DPoP error="invalid_dpop_proof", algs="ES256"')
  })

  it('when its signature was made by another key than its jwk', async () => {
    const key = await keyFor()
    const other = await keyFor()
    const proof = await sign(key, claims(), { jwk: other.jwk })
    const error = await refusal(verifier()(request(proof)))
    expect(error.detail).toContain('signature')
  })

  it('when its payload was changed after signing', async () => {
    const key = await keyFor()
    const [header, , signature] = (await sign(key, claims())).split('.')
    const forged = `${header}.${base64url.encode(JSON.stringify(claims({ htm: 'DELETE' })))}.${signature}`
    const error = await refusal(verifier()(request(forged, { method: 'DELETE' })))
    expect(error.detail).toContain('signature')
  })

  it.each([
    ['jti', { jti: undefined }],
    ['an empty jti', { jti: '' }],
    ['a jti over 256 characters', { jti: 'j'.repeat(257) }],
    ['htm', { htm: undefined }],
    ['htu', { htu: undefined }],
    ['iat', { iat: undefined }],
  ])('when it lacks %s', async (_name, overrides) => {
    const key = await keyFor()
    const proof = await sign(key, claims(overrides as JWTPayload))
    expect((await refusal(verifier()(request(proof)))).code).toBe('invalid_dpop_proof')
  })

  it("when its htm is not the request's method", async () => {
    const key = await keyFor()
    const proof = await sign(key, claims({ htm: 'GET' }))
    const error = await refusal(verifier()(request(proof, { method: 'DELETE' })))
    expect(error.detail).toContain('htm')
  })

  it.each([
    ['another path', 'https://broker.example.com/v1/api/videos/vi123'],
    ['another host', 'https://evil.example.com/v1/api/videos'],
    ['another scheme', 'http://broker.example.com/v1/api/videos'],
    ['another port', 'https://broker.example.com:8443/v1/api/videos'],
    ['a relative URL', '/v1/api/videos'],
    ['a non-http URL', 'ftp://broker.example.com/v1/api/videos'],
  ])('when its htu names %s', async (_name, htu) => {
    const key = await keyFor()
    const proof = await sign(key, claims({ htu }))
    const error = await refusal(verifier()(request(proof)))
    expect(error.detail).toContain('htu')
  })

  it('when its iat is further than the window from the clock, either way', async () => {
    const key = await keyFor()
    const verify = verifier({ proofWindowSeconds: 60 })
    for (const iat of [NOW / 1000 - 61, NOW / 1000 + 61]) {
      const error = await refusal(verify(request(await sign(key, claims({ iat })))))
      expect(error.detail).toContain('iat')
    }
    for (const iat of [NOW / 1000 - 60, NOW / 1000 + 60])
      await expect(verify(request(await sign(key, claims({ iat }))))).resolves.toBeDefined()
  })

  it('when a token is sent and the proof has no ath, or the hash of another token', async () => {
    const key = await keyFor()
    const verify = verifier()
    for (const ath of [undefined, await athOf(`${TOKEN}x`)]) {
      const proof = await sign(key, claims({ ath }))
      const error = await refusal(verify(request(proof, { accessToken: TOKEN })))
      expect(error.detail).toContain('ath')
    }
  })

  it('when it is replayed, while the same jti under another key is still accepted', async () => {
    const key = await keyFor()
    const verify = verifier()
    const jti = crypto.randomUUID()
    const proof = await sign(key, claims({ jti }))
    await verify(request(proof))
    const error = await refusal(verify(request(proof)))
    expect(error.detail).toContain('already used')
    const other = await keyFor()
    await expect(verify(request(await sign(other, claims({ jti }))))).resolves.toBeDefined()
  })

  it("when it is signed by another key than the token's, before its jti is recorded", async () => {
    const bound = await keyFor()
    const other = await keyFor()
    const claimed: string[] = []
    const verify = verifier({ replayCache: { claim: (id) => claimed.push(id) > 0 } })
    const boundJkt = await calculateJwkThumbprint(bound.jwk, 'sha256')
    const error = await refusal(verify(request(await sign(other, claims()), { boundJkt })))
    expect(error.detail).toContain('bound to')
    expect(claimed).toEqual([])
    await expect(verify(request(await sign(bound, claims()), { boundJkt }))).resolves.toBeDefined()
    expect(claimed).toHaveLength(1)
  })
})

describe('the strict reading of a proof', () => {
  it('accepts typ in any case and with the application/ prefix (RFC 7515 §4.1.9)', async () => {
    const key = await keyFor()
    const verify = verifier()
    for (const typ of ['application/dpop+jwt', 'DPoP+JWT'])
      await expect(verify(request(await sign(key, claims(), { typ })))).resolves.toBeDefined()
  })

  it('refuses a header with crit: the broker understands no JWS extension', async () => {
    const key = await keyFor()
    const proof = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, crit: ['b64'], b64: true })
      .sign(key.privateKey)
    const error = await refusal(verifier()(request(proof)))
    expect(error.detail).toContain('crit')
  })

  it('refuses a payload or header that is not a JSON object, or not UTF-8', async () => {
    const key = await keyFor()
    const [header, payload, signature] = (await sign(key, claims())).split('.')
    const part = (text: string) => base64url.encode(text)
    const verify = verifier()
    for (const proof of [
      `${header}.${part('[1,2]')}.${signature}`,
      `${header}.${part('not json')}.${signature}`,
      `${part('"dpop+jwt"')}.${payload}.${signature}`,
      `${base64url.encode(new Uint8Array([0xff, 0xfe]))}.${payload}.${signature}`,
    ])
      expect((await refusal(verify(request(proof)))).code).toBe('invalid_dpop_proof')
  })

  it('refuses an ECDSA signature of the wrong length', async () => {
    const key = await keyFor()
    const [header, payload, signature] = (await sign(key, claims())).split('.')
    const bytes = base64url.decode(signature as string)
    const longer = base64url.encode(new Uint8Array([...bytes, 0]))
    const error = await refusal(verifier()(request(`${header}.${payload}.${longer}`)))
    expect(error.detail).toContain('signature')
  })

  it('refuses a key of another curve than its alg names: ES256 over a P-384 key', async () => {
    const error = await refusal(verifier()(request(await es256OverP384())))
    expect(error.detail).toContain('usable public key for ES256')
  })

  it('refuses a proof whose exp has passed or whose nbf is still ahead', async () => {
    const key = await keyFor()
    const verify = verifier()
    for (const overrides of [{ exp: NOW / 1000 }, { nbf: NOW / 1000 + 1 }, { exp: 'soon' }]) {
      const error = await refusal(verify(request(await sign(key, claims(overrides as never)))))
      expect(error.detail).toMatch(/exp|nbf/)
    }
    const fine = claims({ exp: NOW / 1000 + 30, nbf: NOW / 1000 })
    await expect(verify(request(await sign(key, fine)))).resolves.toBeDefined()
  })

  it('holds each request to its own URL and token, whatever it remembered from earlier ones', async () => {
    const key = await keyFor()
    const verify = verifier()
    const other = 'https://broker.example.com/v1/api/videos/vi1'
    const ath = await athOf(TOKEN)
    await verify(request(await sign(key, claims({ ath })), { accessToken: TOKEN }))
    const wrongUrl = await sign(key, claims({ ath }))
    const error = await refusal(verify(request(wrongUrl, { url: other, accessToken: TOKEN })))
    expect(error.detail).toContain('htu')
    const wrongToken = await sign(key, claims({ htu: other, ath }))
    const refused = await refusal(
      verify(request(wrongToken, { url: other, accessToken: `${TOKEN}x` }))
    )
    expect(refused.detail).toContain('ath')
    const right = await sign(key, claims({ htu: other, ath: await athOf(`${TOKEN}x`) }))
    await expect(
      verify(request(right, { url: other, accessToken: `${TOKEN}x` }))
    ).resolves.toBeDefined()
  })
})

describe('proof headers remembered per isolate', () => {
  const headerOf = (proof: string) => proof.split('.')[0]

  it('still checks every signature: a known header over a proof signed by another key is refused', async () => {
    const key = await keyFor()
    const other = await keyFor()
    const verify = verifier()
    const first = await sign(key, claims())
    await verify(request(first))
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
      .sign(other.privateKey)
    expect(headerOf(forged)).toBe(headerOf(first))
    const error = await refusal(verify(request(forged)))
    expect(error.detail).toContain('signature')
    await expect(verify(request(await sign(key, claims())))).resolves.toBeDefined()
  })

  it('keeps the headers of different keys apart, each answering its own thumbprint', async () => {
    const [a, b] = [await keyFor(), await keyFor()]
    const verify = verifier()
    for (const key of [a, b, a, b]) {
      const verified = await verify(request(await sign(key, claims())))
      expect(verified.jkt).toBe(await calculateJwkThumbprint(key.jwk, 'sha256'))
    }
  })

  it("hands every proof of a header the same jwk, frozen so that no caller changes the next one's", async () => {
    const key = await keyFor()
    const verify = verifier()
    const first = await verify(request(await sign(key, claims())))
    const second = await verify(request(await sign(key, claims())))
    expect(Object.isFrozen(second.jwk)).toBe(true)
    expect(second.jwk).toEqual(key.jwk)
    expect(second.jkt).toBe(first.jkt)
  })

  it('refuses a refused header again each time, whichever check refused it', async () => {
    const key = await keyFor()
    const verify = verifier()
    const wrongTyp = await sign(key, claims(), { typ: 'jwt' })
    // The header passes, its key does not import for ES256.
    const wrongCurve = await es256OverP384()
    for (let i = 0; i < 2; i++) {
      expect((await refusal(verify(request(wrongTyp)))).detail).toContain('typ')
      expect((await refusal(verify(request(wrongCurve)))).detail).toContain('usable public key')
    }
  })
})

/**
 * A proof labelled ES256 but signed with a P-384 key, SHA-256 over P-384: jose will not sign
 * this, WebCrypto will.
 */
async function es256OverP384(): Promise<string> {
  const es384 = await keyFor('ES384')
  const header = base64url.encode(JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk: es384.jwk }))
  const input = `${header}.${base64url.encode(JSON.stringify(claims()))}`
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    es384.privateKey as CryptoKey,
    new TextEncoder().encode(input)
  )
  return `${input}.${base64url.encode(new Uint8Array(signature))}`
}

describe('server nonces', () => {
  const secret = 'a-dpop-nonce-secret-of-at-least-32-bytes'

  it('answer use_dpop_nonce with a fresh DPoP-Nonce when the proof has none or a wrong one', async () => {
    const now = () => NOW
    const nonces = createDpopNonces({ secret, now })
    const verify = verifier({ nonces })
    const key = await keyFor()
    for (const nonce of [undefined, '123.AAAAAAAAAAAAAAAAAAAAAA']) {
      const error = await refusal(verify(request(await sign(key, claims({ nonce })))))
      expect([error.code, error.status]).toEqual(['use_dpop_nonce', 401])
      expect(error.headers['dpop-nonce']).toBe(await nonces.current())
      expect(error.headers['www-authenticate']).toBe(`DPoP error="use_dpop_nonce", algs="${ALGS}"`)
    }
    const proof = await sign(key, claims({ nonce: await nonces.current() }))
    await expect(verify(request(proof))).resolves.not.toHaveProperty('nextNonce')
  })

  it('answer 400 use_dpop_nonce at the token endpoint', async () => {
    const nonces = createDpopNonces({ secret, now: () => NOW })
    const error = await refusal(
      verifier({ nonces })(request(await sign(await keyFor(), claims()), { site: 'token' }))
    )
    expect([error.code, error.status]).toEqual(['use_dpop_nonce', 400])
  })

  it("accept the previous step's nonce and hand out the next one", async () => {
    let at = NOW
    const now = () => at
    const nonces = createDpopNonces({ secret, stepSeconds: 300, now })
    const old = await nonces.current()
    at += 300_000
    const verify = createDpopVerifier({
      now,
      nonces,
      replayCache: createMemoryReplayCache({ now }),
    })
    const proof = await sign(await keyFor(), claims({ nonce: old, iat: at / 1000 }))
    const verified = await verify(request(proof))
    expect(verified.nextNonce).toBe(await nonces.current())
    expect(verified.nextNonce).not.toBe(old)
  })
})

describe('htuOf', () => {
  it('keeps scheme, host, port and path, and drops query and fragment', () => {
    expect(htuOf('https://a.example:8443/p/../q?x#y')).toBe('https://a.example:8443/q')
    expect(htuOf('https://a.example/%7euser')).toBe(htuOf('https://a.example/%7euser'))
    expect(htuOf('not a url')).toBeUndefined()
    expect(htuOf(42)).toBeUndefined()
  })
})

import {
  base64url,
  exportJWK,
  type GenerateKeyPairOptions,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
} from 'jose'
import { describe, expect, it } from 'vitest'
import { signingJwk } from '../test-support/harness.ts'
import { compactSigner } from './compact-sign.ts'
import { parseKeyRing } from './key-ring.ts'
import { createSigner } from './signer.ts'

const T0 = Date.UTC(2026, 10, 28, 12)
const input = {
  sub: 'user-42',
  clientId: 'https://app.example.com',
  scope: 'videos:read videos:upload',
  ttlSeconds: 300,
  anonymous: false,
  jkt: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
}

async function ringOf(alg: string, options: GenerateKeyPairOptions = {}) {
  const { privateKey } = await generateKeyPair(alg, { ...options, extractable: true })
  const ring = parseKeyRing([{ ...(await exportJWK(privateKey)), kid: `k-${alg}`, alg }])
  return { ring, signer: signerOf(ring) }
}

function signerOf(ring: ReturnType<typeof parseKeyRing>) {
  const options = { issuer: 'keyward', audience: 'keyward-api', clockToleranceSeconds: 5 }
  return createSigner({ ring, ...options, now: () => T0 })
}

describe('a broker token', () => {
  it('is byte for byte the token jose SignJWT makes for the same header and claims', async () => {
    const jwk = await signingJwk('current')
    const signer = signerOf(parseKeyRing([jwk]))
    const { token, claims } = await signer.sign(input)
    // Ed25519 signatures are deterministic (RFC 8032 §5.1.6): the same input, the same token.
    const byJose = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: 'current', typ: 'at+jwt' })
      .sign(await importJWK(jwk, 'EdDSA'))
    expect(token).toBe(byJose)
  })

  it.each([
    ['EdDSA', {}],
    ['ES256', {}],
    ['ES384', {}],
    ['RS256', { modulusLength: 2048 }],
    ['PS256', { modulusLength: 2048 }],
  ] as const)(
    'signed with %s is an at+jwt that jose verifies with the ring public key',
    async (alg, options) => {
      const { ring, signer } = await ringOf(alg, options)
      const { token, claims } = await signer.sign(input)
      const publicKey = await importJWK(ring[0]?.publicJwk ?? {}, alg)
      const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
        algorithms: [alg],
        typ: 'at+jwt',
        issuer: 'keyward',
        audience: 'keyward-api',
        currentDate: new Date(T0),
      })
      expect(protectedHeader).toEqual({ alg, kid: `k-${alg}`, typ: 'at+jwt' })
      expect(payload).toEqual({ ...claims, cnf: { jkt: input.jkt } })
      expect(await signer.verify(token)).toEqual(payload)
    }
  )

  it('is refused by jose once one byte of its payload changes', async () => {
    const { ring, signer } = await ringOf('EdDSA')
    const { token } = await signer.sign(input)
    const [head, payload, signature] = token.split('.') as [string, string, string]
    const forged = JSON.parse(new TextDecoder().decode(base64url.decode(payload)))
    forged.scope = 'admin'
    const tampered = `${head}.${base64url.encode(JSON.stringify(forged))}.${signature}`
    const publicKey = await importJWK(ring[0]?.publicJwk ?? {}, 'EdDSA')
    await expect(jwtVerify(tampered, publicKey)).rejects.toThrow(/signature/)
  })
})

describe('compactSigner', () => {
  it('refuses an RSA key shorter than 2048 bits', async () => {
    const { privateKey } = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign', 'verify']
    )
    const header = { alg: 'RS256', kid: 'short', typ: 'at+jwt' }
    await expect(compactSigner(header, privateKey)({ sub: 'x' })).rejects.toThrow(/2048/)
  })
})

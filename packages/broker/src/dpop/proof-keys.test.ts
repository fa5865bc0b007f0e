import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { createProofKeys } from './proof-keys.ts'

async function publicJwk(alg = 'ES256') {
  const { publicKey } = await generateKeyPair(alg, { extractable: true })
  return exportJWK(publicKey)
}

describe('the proofs’ embedded keys', () => {
  it('imports a browser key once and hands the same key to every later proof', async () => {
    const keys = createProofKeys()
    const jwk = await publicJwk()
    const first = await keys.get(jwk, 'ES256')
    expect(await keys.get({ ...jwk }, 'ES256')).toBe(first)
    expect(first.key.type).toBe('public')
  })

  it('gives the RFC 7638 thumbprint of the key, whatever other members the header adds', async () => {
    const keys = createProofKeys()
    const jwk = await publicJwk()
    expect((await keys.get({ ...jwk, kid: 'extra', use: 'sig' }, 'ES256')).jkt).toBe(
      await calculateJwkThumbprint(jwk, 'sha256')
    )
  })

  it('keeps keys of different members apart', async () => {
    const keys = createProofKeys()
    const [one, two] = [await publicJwk(), await publicJwk()]
    expect((await keys.get(one, 'ES256')).key).not.toBe((await keys.get(two, 'ES256')).key)
  })

  it('refuses a key that does not import, every time, and never remembers it', async () => {
    const keys = createProofKeys()
    const broken = { ...(await publicJwk()), x: 'AAAA' }
    await expect(keys.get(broken, 'ES256')).rejects.toThrow()
    await expect(keys.get(broken, 'ES256')).rejects.toThrow()
  })

  it('refuses a member that is not a string, even when a key of the same strings is cached', async () => {
    const keys = createProofKeys()
    const jwk = await publicJwk()
    await keys.get(jwk, 'ES256')
    await expect(keys.get({ ...jwk, x: [jwk.x] as never }, 'ES256')).rejects.toThrow('x')
  })

  it('refuses a key of another curve than the algorithm’s: a P-384 key for ES256', async () => {
    const keys = createProofKeys()
    const p384 = await publicJwk('ES384')
    await expect(keys.get(p384, 'ES256')).rejects.toThrow()
    await expect(keys.get(p384, 'ES384')).resolves.toBeDefined()
  })

  it('refuses an RSA key under 2048 bits (RFC 7518 §3.3)', async () => {
    const pair = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify']
    )) as CryptoKeyPair
    const small = await exportJWK(pair.publicKey)
    await expect(createProofKeys().get(small, 'RS256')).rejects.toThrow()
  })

  it('never imports private members: a key given with d imports as its public half', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const keys = createProofKeys()
    const { key } = await keys.get(await exportJWK(privateKey), 'ES256')
    expect(key.type).toBe('public')
  })
})

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { createProofKeys } from './proof-keys.ts'

async function publicJwk() {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true })
  return exportJWK(publicKey)
}

describe('the proofs’ embedded keys', () => {
  it('imports a browser key once and hands the same key to every later proof', async () => {
    const keys = createProofKeys()
    const jwk = await publicJwk()
    const first = await keys.key({ alg: 'ES256', jwk })
    expect(await keys.key({ alg: 'ES256', jwk: { ...jwk } })).toBe(first)
    expect((first as CryptoKey).type).toBe('public')
  })

  it('gives the RFC 7638 thumbprint of the key, whatever other members the header adds', async () => {
    const keys = createProofKeys()
    const jwk = await publicJwk()
    expect(await keys.thumbprint({ ...jwk, kid: 'extra', use: 'sig' }, 'ES256')).toBe(
      await calculateJwkThumbprint(jwk, 'sha256')
    )
  })

  it('keeps keys of different members apart', async () => {
    const keys = createProofKeys()
    const [one, two] = [await publicJwk(), await publicJwk()]
    expect(await keys.key({ alg: 'ES256', jwk: one })).not.toBe(
      await keys.key({ alg: 'ES256', jwk: two })
    )
  })

  it('refuses a key that does not import, every time, and never remembers it', async () => {
    const keys = createProofKeys()
    const broken = { ...(await publicJwk()), x: 'AAAA' }
    await expect(keys.key({ alg: 'ES256', jwk: broken })).rejects.toThrow()
    await expect(keys.key({ alg: 'ES256', jwk: broken })).rejects.toThrow()
  })

  it('never imports private members: a key given with d imports as its public half', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const keys = createProofKeys()
    const key = await keys.key({ alg: 'ES256', jwk: await exportJWK(privateKey) })
    expect((key as CryptoKey).type).toBe('public')
  })
})

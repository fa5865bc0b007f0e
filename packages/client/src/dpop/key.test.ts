import { describe, expect, it } from 'vitest'
import { createDpopKey } from './key.ts'

describe('createDpopKey', () => {
  it('makes a P-256 signing key whose private half cannot be exported', async () => {
    const key = await createDpopKey()
    expect(key.privateKey.type).toBe('private')
    expect(key.privateKey.extractable).toBe(false)
    expect(key.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' })
    expect(key.privateKey.usages).toEqual(['sign'])
    await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow()
  })

  it('carries only the public members of its JWK', async () => {
    const { jwk } = await createDpopKey()
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y'])
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' })
    expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(jwk.y).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('survives a structured clone, as tabs sharing it need, still unable to export', async () => {
    const key = await createDpopKey()
    const copy = structuredClone(key)
    expect(copy.jwk).toEqual(key.jwk)
    expect(copy.privateKey.extractable).toBe(false)
    const data = new TextEncoder().encode('signed in another tab')
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      copy.privateKey,
      data
    )
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      key.jwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify']
    )
    expect(
      await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data)
    ).toBe(true)
  })
})

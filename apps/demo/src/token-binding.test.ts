import { createDpopFetch, createDpopKey } from '@keyward/client/dpop'
import { describe, expect, it } from 'vitest'
import { bindingOf, confirmedKey, thumbprint } from './token-binding.ts'

// The key and `cnf.jkt` of RFC 9449 §6.1's example.
const JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
  y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
} as const
const JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I'

const base64url = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
const jwt = (claims: object) => `${base64url({ alg: 'EdDSA' })}.${base64url(claims)}.c2ln`

describe('the token binding shown in the token panel', () => {
  it('computes the RFC 7638 thumbprint of RFC 9449’s example key', async () => {
    expect(await thumbprint(JWK)).toBe(JKT)
  })

  it('reads cnf.jkt from a bound token, and nothing from a bearer one or a non-JWT', () => {
    expect(confirmedKey(jwt({ sub: 'alice', cnf: { jkt: JKT } }))).toBe(JKT)
    expect(confirmedKey(jwt({ sub: 'alice' }))).toBeUndefined()
    expect(confirmedKey('opaque')).toBeUndefined()
  })

  it('says a token is held only when this tab signs it with the key it names', async () => {
    const key = await createDpopKey()
    const token = jwt({ cnf: { jkt: await thumbprint(key.jwk) } })
    const dpop = createDpopFetch({
      key,
      origins: ['https://broker.test'],
      fetch: async () => Response.json({ access_token: token, token_type: 'DPoP' }),
    })
    expect(await bindingOf(dpop, token)).toMatchObject({ held: false })
    await dpop('https://broker.test/v1/token', { method: 'POST' })
    expect(await bindingOf(dpop, token)).toEqual({ jkt: await thumbprint(key.jwk), held: true })
    expect(await bindingOf(dpop, jwt({ cnf: { jkt: JKT } }))).toEqual({ jkt: JKT, held: false })
  })
})

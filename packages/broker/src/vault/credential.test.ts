import { describe, expect, it } from 'vitest'
import { credentialFingerprint } from './credential.ts'

describe('the credential fingerprint', () => {
  it('names a key and base URL without revealing the key, however the URL is spelled', async () => {
    const name = await credentialFingerprint('https://ws.api.video', 'secret-api-key-123')
    expect(name).toMatch(/^apivideo-[0-9a-f]{32}$/)
    expect(name).not.toContain('secret')
    expect(await credentialFingerprint('https://WS.api.video/', 'secret-api-key-123')).toBe(name)
  })

  it('differs for another key or another environment', async () => {
    const name = await credentialFingerprint('https://ws.api.video', 'secret-api-key-123')
    expect(await credentialFingerprint('https://ws.api.video', 'secret-api-key-124')).not.toBe(name)
    expect(await credentialFingerprint('https://sandbox.api.video', 'secret-api-key-123')).not.toBe(
      name
    )
  })
})

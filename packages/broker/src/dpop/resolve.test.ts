import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import type { DpopOptions } from './options.ts'
import { resolveDpop } from './resolve.ts'

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0)
const URL_ = 'https://broker.example.com/v1/token'
const SECRET = 'a-dpop-nonce-secret-of-at-least-32-bytes'

async function proof(claims: Record<string, unknown> = {}) {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const jwk = await exportJWK(publicKey)
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: 'POST',
    htu: URL_,
    iat: NOW / 1000,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(privateKey)
}

function configError(options: DpopOptions): string | undefined {
  try {
    resolveDpop(options, () => NOW)
  } catch (error) {
    if (error instanceof BrokerError && error.code === 'invalid_config') return error.detail
    throw error
  }
  return undefined
}

describe('resolveDpop', () => {
  it('is off by default, and still verifies proofs when asked', async () => {
    const dpop = resolveDpop({}, () => NOW)
    expect(dpop.mode).toBe('off')
    expect(dpop.nonces).toBeUndefined()
    const verified = await dpop.verify({ proof: await proof(), method: 'POST', url: URL_ })
    expect(verified.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses a replayed proof with its default replay cache', async () => {
    const dpop = resolveDpop({ mode: 'required' }, () => NOW)
    const once = await proof()
    await dpop.verify({ proof: once, method: 'POST', url: URL_ })
    await expect(dpop.verify({ proof: once, method: 'POST', url: URL_ })).rejects.toMatchObject({
      code: 'invalid_dpop_proof',
    })
  })

  it('requires nonces when a nonce secret is given', async () => {
    const dpop = resolveDpop({ mode: 'required', nonce: { secret: SECRET } }, () => NOW)
    await expect(
      dpop.verify({ proof: await proof(), method: 'POST', url: URL_, site: 'token' })
    ).rejects.toMatchObject({ code: 'use_dpop_nonce', status: 400 })
    const nonce = await dpop.nonces?.current()
    await expect(
      dpop.verify({ proof: await proof({ nonce }), method: 'POST', url: URL_ })
    ).resolves.toBeDefined()
  })

  it('lists only the configured algorithms in its challenges', async () => {
    const dpop = resolveDpop({ algorithms: ['ES256', 'EdDSA'] }, () => NOW)
    await expect(
      dpop.verify({ proof: undefined, method: 'POST', url: URL_ })
    ).rejects.toMatchObject({
      headers: { 'www-authenticate': 'DPoP error="invalid_dpop_proof", algs="ES256 EdDSA"' },
    })
  })

  it.each<[string, DpopOptions]>([
    ['dpop.mode', { mode: 'always' as never }],
    ['dpop.algorithms', { algorithms: [] }],
    ['dpop.algorithms', { algorithms: ['HS256' as never] }],
    ['dpop.proofWindowSeconds', { proofWindowSeconds: 0 }],
    ['dpop.proofWindowSeconds', { proofWindowSeconds: 301 }],
    ['dpop.proofWindowSeconds', { proofWindowSeconds: 1.5 }],
    ['dpop.replayCacheSize', { replayCacheSize: 0 }],
    ['DPoP nonce secret', { nonce: { secret: 'short' } }],
  ])('refuses a bad %s at start, as invalid_config', (name, options) => {
    expect(configError(options)).toContain(name)
  })
})

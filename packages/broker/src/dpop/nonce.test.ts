import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { createDpopNonces } from './nonce.ts'

const SECRET = 'a-dpop-nonce-secret-of-at-least-32-bytes'
const T0 = Date.UTC(2026, 10, 30, 2, 0, 0)

describe('DPoP server nonces', () => {
  it('are current for their step, stale for the next one, then invalid', async () => {
    let at = T0
    const nonces = createDpopNonces({ secret: SECRET, stepSeconds: 300, now: () => at })
    const nonce = await nonces.current()
    expect(nonce).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/)
    expect(await nonces.check(nonce)).toBe('current')
    at += 300_000
    expect(await nonces.check(nonce)).toBe('stale')
    expect(await nonces.current()).not.toBe(nonce)
    at += 300_000
    expect(await nonces.check(nonce)).toBe('invalid')
  })

  it('are shared by every instance with the same secret, and by no other', async () => {
    const now = () => T0
    const one = createDpopNonces({ secret: SECRET, now })
    const two = createDpopNonces({ secret: new TextEncoder().encode(SECRET), now })
    const other = createDpopNonces({ secret: `${SECRET}!`, now })
    expect(await two.check(await one.current())).toBe('current')
    expect(await other.check(await one.current())).toBe('invalid')
  })

  it('refuse a forged MAC, a future step, and anything that is not a nonce', async () => {
    const nonces = createDpopNonces({ secret: SECRET, now: () => T0 })
    const [step, mac] = (await nonces.current()).split('.') as [string, string]
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`
    for (const nonce of [`${step}.${flipped}`, `${Number(step) + 1}.${mac}`, undefined, 42, ''])
      expect(await nonces.check(nonce)).toBe('invalid')
  })

  it('refuse to start with a short secret or a bad step, as invalid_config', () => {
    const now = () => T0
    for (const options of [
      { secret: 'too-short', now },
      { secret: SECRET, stepSeconds: 0, now },
      { secret: SECRET, stepSeconds: 1.5, now },
    ]) {
      const error = (() => {
        try {
          createDpopNonces(options)
        } catch (caught) {
          return caught
        }
        return undefined
      })()
      expect(error).toBeInstanceOf(BrokerError)
      expect((error as BrokerError).code).toBe('invalid_config')
    }
  })
})

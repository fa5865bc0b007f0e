import { describe, expect, it } from 'vitest'
import { devClockUrl } from './dev-clock.ts'

describe('the local development clock (DEV_CLOCK)', () => {
  it('follows only a local clock, and never when told off', () => {
    expect(devClockUrl('auto', 'http://127.0.0.1:8081')).toBe(
      'http://127.0.0.1:8081/_emulator/clock'
    )
    expect(devClockUrl(undefined, 'http://apivideo.test/')).toBe(
      'http://apivideo.test/_emulator/clock'
    )
    expect(devClockUrl('auto', 'https://ws.api.video')).toBeUndefined()
    expect(devClockUrl('auto', 'https://sandbox.api.video')).toBeUndefined()
    expect(devClockUrl('off', 'http://127.0.0.1:8081')).toBeUndefined()
    expect(
      devClockUrl('https://evil.example/_emulator/clock', 'http://127.0.0.1:8081')
    ).toBeUndefined()
    expect(devClockUrl('http://localhost:9000/clock', 'https://ws.api.video')).toBe(
      'http://localhost:9000/clock'
    )
  })
})

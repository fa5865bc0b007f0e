import { describe, expect, it } from 'vitest'
import { KeywardError } from './errors.ts'
import { createTokenSource } from './token-source.ts'

const create = (options: { retries?: number; timeout?: number }) => () =>
  createTokenSource({ url: '/v1/token', ...options })

const invalid = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error instanceof KeywardError ? error.code : String(error)
  }
  return 'accepted'
}

describe('createTokenSource options', () => {
  it('refuses retries that are not an integer from 0, with invalid_options', () => {
    for (const retries of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(invalid(create({ retries }))).toBe('invalid_options')
    }
  })

  it('refuses a timeout of 0 or less, or past what timers accept, with invalid_options', () => {
    for (const timeout of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(invalid(create({ timeout }))).toBe('invalid_options')
    }
  })

  it('names the values it refused', () => {
    expect(create({ retries: -1 })).toThrow('retries (-1) or timeout (10000) is out of range')
  })

  it('accepts the bounds and the defaults', () => {
    for (const options of [
      {},
      { retries: 0 },
      { timeout: 1 },
      { retries: 10, timeout: 2 ** 31 - 1 },
    ]) {
      expect(invalid(create(options))).toBe('accepted')
    }
  })
})

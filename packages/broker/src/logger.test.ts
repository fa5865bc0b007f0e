import { errors } from 'jose'
import { describe, expect, it } from 'vitest'
import { describeError } from './logger.ts'

describe('describeError', () => {
  it('names an error and gives its message', () => {
    expect(describeError(new TypeError('bad input'))).toBe('TypeError: bad input')
  })

  it("adds a library error's code, which minification cannot rename", () => {
    const error = new errors.JWSSignatureVerificationFailed()
    expect(describeError(error)).toContain('ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
  })

  it('names the cause too', () => {
    const error = new Error('upstream failed', { cause: new errors.JWTExpired('late', {}) })
    expect(describeError(error)).toBe('Error: upstream failed (cause: JWTExpired ERR_JWT_EXPIRED)')
  })

  it('says only the type of something thrown that is not an Error', () => {
    expect(describeError('a string')).toBe('string')
  })
})

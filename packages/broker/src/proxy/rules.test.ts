import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { OPERATIONS } from './generated/operations.ts'
import { SAMPLES } from './generated/samples.ts'
import { matchRule } from './rules.ts'

/** The first rule of the whole table that takes the call, as a plain scan finds it. */
function scan(method: string, path: string) {
  return OPERATIONS.find((rule) => rule.method === method && rule.pattern.test(path))
}

function matched(method: string, path: string) {
  try {
    return matchRule(method, path, '')
  } catch (error) {
    if (error instanceof BrokerError && error.code === 'route_not_allowed') return undefined
    throw error
  }
}

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']
const ODD_PATHS = [
  '',
  '/',
  '/videos/',
  '//videos',
  '/videos//status',
  '/Videos',
  '/%76ideos',
  '/videos/../auth/api-key',
  '/auth/api-key',
  '/upload-tokens',
  '/webhooks',
  '/videos/vi0123456789abcdefABCDEF/',
]

describe('matching a proxied call to its rule', () => {
  it('finds, for every sample path and method, the rule a scan of the whole table finds', () => {
    const paths = [...Object.values(SAMPLES).map((sample) => sample.path), ...ODD_PATHS]
    let found = 0
    for (const path of paths) {
      for (const method of METHODS) {
        const rule = matched(method, path)
        expect(rule).toBe(scan(method, path))
        if (rule) found++
      }
    }
    // Every operation's own sample is among the matches.
    expect(found).toBeGreaterThanOrEqual(OPERATIONS.length)
    for (const rule of OPERATIONS) {
      expect(matched(rule.method, SAMPLES[rule.operation]?.path ?? '')?.operation).toBe(
        rule.operation
      )
    }
  })
})

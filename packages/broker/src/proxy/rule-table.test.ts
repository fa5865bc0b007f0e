import { describe, expect, it } from 'vitest'
import { pathPattern, ruleMaker } from './rule-table.ts'

const SHAPES = { videoId: 'vi[0-9A-Za-z]{22}', language: '[a-z]{2}' }
const VIDEO = 'vi0123456789abcdefABCDEF'

describe('the rule table', () => {
  it('builds a pattern from the path, each parameter replaced by its shape', () => {
    const pattern = pathPattern('/videos/{videoId}/captions/{language}', SHAPES)
    expect(pattern.test(`/videos/${VIDEO}/captions/en`)).toBe(true)
    expect(pattern.test(`/videos/${VIDEO}/captions/en/`)).toBe(false)
    expect(pattern.test('/videos/../captions/en')).toBe(false)
    expect(pattern.test(`/videos/${VIDEO}%2F/captions/en`)).toBe(false)
  })

  it('takes an enum as the exact list of values, its characters escaped', () => {
    const pattern = pathPattern('/data/{metric}', SHAPES, { metric: ['play-rate', 'a.b'] })
    expect(pattern.test('/data/play-rate')).toBe(true)
    expect(pattern.test('/data/a.b')).toBe(true)
    expect(pattern.test('/data/axb')).toBe(false)
    expect(pattern.test('/data/play')).toBe(false)
  })

  it('refuses to build a pattern for a parameter it has no shape for', () => {
    expect(() => pathPattern('/players/{playerId}', SHAPES)).toThrow(/No shape/)
  })

  it("finds the video id's segment and defaults to no query and no body", () => {
    const rule = ruleMaker(SHAPES)
    expect(rule('GET-video', 'GET /videos/{videoId}', 'videos:read')).toEqual({
      operation: 'GET-video',
      method: 'GET',
      path: '/videos/{videoId}',
      pattern: /^\/videos\/vi[0-9A-Za-z]{22}$/,
      scope: 'videos:read',
      videoIdAt: 2,
      query: undefined,
      body: { kind: 'none' },
    })
    expect(rule('LIST-tags', 'GET /tags', 'videos:read')).not.toHaveProperty('videoIdAt')
  })
})

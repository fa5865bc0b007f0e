import { describe, expect, it } from 'vitest'
import { declaredSize, neverFromABrowser, scopeOf, sensitiveFields } from './policy.ts'

describe('the proxy policy over api.video paths', () => {
  it.each([
    ['GET', '/videos', 'videos:read'],
    ['GET', '/tags', 'videos:read'],
    ['GET', '/summaries/{summaryId}/source', 'videos:read'],
    ['PATCH', '/discarded/videos/{videoId}', 'videos:write'],
    ['DELETE', '/videos/{videoId}', 'videos:delete'],
    ['DELETE', '/videos/{videoId}/captions/{language}', 'videos:write'],
    ['DELETE', '/summaries/{summaryId}', 'videos:write'],
    ['POST', '/videos/{videoId}/source', 'videos:upload'],
    ['PUT', '/live-streams/{liveStreamId}/complete', 'livestreams:write'],
    ['DELETE', '/live-streams/{liveStreamId}/thumbnail', 'livestreams:write'],
    ['DELETE', '/live-streams/{liveStreamId}', 'livestreams:delete'],
    ['DELETE', '/players/{playerId}/logo', 'players:write'],
    ['DELETE', '/watermarks/{watermarkId}', 'watermarks:delete'],
    ['GET', '/data/timeseries/{metric}', 'analytics:read'],
  ])('gives %s %s the scope %s', (method, path, scope) => {
    expect(scopeOf(method, path)).toBe(scope)
  })

  it('fails generation on a path family it has no scope for, rather than guessing', () => {
    expect(() => scopeOf('GET', '/projects')).toThrow(/No scope family/)
  })

  it.each([
    ['POST', '/auth/api-key'],
    ['GET', '/upload-tokens/{uploadToken}'],
    ['POST', '/upload'],
    ['DELETE', '/webhooks/{webhookId}'],
  ])('never lets a browser reach %s %s', (method, path) => {
    expect(neverFromABrowser(method, path)).toBe(true)
  })

  it('marks source, public and restreams sensitive only where they widen what a browser can do', () => {
    expect(sensitiveFields('POST', '/videos', ['title', 'source', 'public'])).toEqual([
      { name: 'source' },
      { name: 'public', harmless: false },
    ])
    expect(
      sensitiveFields('PATCH', '/live-streams/{liveStreamId}', ['public', 'restreams'])
    ).toEqual([
      { name: 'public', harmless: false },
      { name: 'restreams', harmless: [] },
    ])
    expect(sensitiveFields('PATCH', '/players/{playerId}', ['name'])).toEqual([])
  })

  it('reads a size limit out of a description', () => {
    expect(declaredSize('The file size should be a maximum of 100 KiB.')).toBe(102_400)
    expect(declaredSize('Upload a VTT file.')).toBeUndefined()
  })
})

import type { Token } from '@keyward/client'
import { describe, expect, it } from 'vitest'
import { scopeNote, whyNot } from './permissions.ts'

const token = (scope: string): Token => ({ accessToken: 't', scope, expiresAt: 0 })

describe('whyNot', () => {
  it('allows what the token’s scope grants', () => {
    const all = token('videos:read videos:write videos:delete videos:upload')
    expect([whyNot('upload', all), whyNot('edit', all), whyNot('delete', all)]).toEqual([
      null,
      null,
      null,
    ])
  })

  it('gives a read-only visitor the reason for each button that is off', () => {
    expect(whyNot('delete', token('videos:read'))).toBe(
      'Your token only has videos:read (deleting needs videos:delete)'
    )
    expect(whyNot('edit', token('videos:read'))).toBe(
      'Your token only has videos:read (editing needs videos:write)'
    )
  })

  it('sums up, in one note, every action the token leaves out', () => {
    expect(scopeNote(['edit', 'delete'], token('videos:read'))).toBe(
      'Your token only has videos:read: editing needs videos:write, deleting needs videos:delete. Those buttons are off.'
    )
    expect(
      scopeNote(['edit', 'delete'], token('videos:read videos:write videos:delete'))
    ).toBeNull()
  })

  it('waits for a token before allowing anything', () => {
    expect(whyNot('edit', undefined)).toBe('Waiting for a token from the broker…')
  })

  it('allows edits but not uploads with a passthrough token', () => {
    expect(whyNot('edit', token('apivideo:*'))).toBeNull()
    expect(whyNot('upload', token('apivideo:*'))).toBe(
      'Passthrough mode hands out no upload tokens'
    )
  })

  it('needs analytics:read for the plays chart and videos:write for thumbnails and captions', () => {
    expect(whyNot('analytics', token('videos:read'))).toBe(
      'Your token only has videos:read (analytics needs analytics:read)'
    )
    expect(whyNot('media', token('videos:read analytics:read'))).toBe(
      'Your token only has videos:read, analytics:read (changing thumbnails and captions needs videos:write)'
    )
    expect(whyNot('analytics', token('videos:read analytics:read'))).toBeNull()
  })
})

describe('with ownership on', () => {
  const signedOut = { ownership: true, signedIn: false }
  const alice = { ownership: true, signedIn: true }

  it('tells a signed-out visitor to sign in, not which scope is missing', () => {
    expect(whyNot('upload', token('videos:read'), signedOut)).toBe(
      'Signed out, you can only watch: sign in to upload'
    )
    expect(scopeNote(['edit', 'delete'], token('videos:read'), signedOut)).toContain(
      'Sign in as Alice or Bob'
    )
  })

  it('explains that analytics are for admins, even to a user holding analytics:read', () => {
    const user = token('videos:read videos:write analytics:read')
    expect(whyNot('analytics', user, alice)).toContain('only an admin may see them')
    expect(whyNot('analytics', token('videos:read analytics:read admin'), alice)).toBeNull()
  })

  it('still names the missing scope to a signed-in user who asked for less', () => {
    expect(whyNot('delete', token('videos:read'), alice)).toBe(
      'Your token only has videos:read (deleting needs videos:delete)'
    )
  })
})

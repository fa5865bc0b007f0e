import { describe, expect, it } from 'vitest'
import { BrokerError } from '../errors.ts'
import { ownerFilter } from './list-filter.ts'
import { stampOwner } from './stamp.ts'

const KEY = 'keyward:owner'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return error instanceof BrokerError ? error.code : 'not a BrokerError'
  }
  return undefined
}

describe('stamping a video body with its owner', () => {
  it('appends the owner entry to a new video, after the caller metadata', () => {
    const body = { title: 't', metadata: [{ key: 'course', value: 'maths' }] }
    expect(stampOwner(body, { reserved: KEY, owner: 'alice', always: true })).toEqual({
      title: 't',
      metadata: [
        { key: 'course', value: 'maths' },
        { key: KEY, value: 'alice' },
      ],
    })
    expect(stampOwner({ title: 't' }, { reserved: KEY, owner: 'alice', always: true })).toEqual({
      title: 't',
      metadata: [{ key: KEY, value: 'alice' }],
    })
  })

  it('puts the owner entry back into an update that replaces the metadata, and leaves others alone', () => {
    const update = { metadata: [] }
    expect(stampOwner(update, { reserved: KEY, owner: 'alice', always: false })).toEqual({
      metadata: [{ key: KEY, value: 'alice' }],
    })
    const rename = { title: 'renamed' }
    expect(stampOwner(rename, { reserved: KEY, owner: 'alice', always: false })).toBe(rename)
    expect(stampOwner(update, { reserved: KEY, owner: null, always: false })).toEqual(update)
  })

  it.each([KEY, 'Keyward:Owner', ` ${KEY} `, 'KEYWARD:OWNER'])(
    'refuses a body that sets the reserved key as %j',
    (key) => {
      const body = {
        metadata: [
          { key: 'a', value: 'b' },
          { key, value: 'alice' },
        ],
      }
      for (const always of [true, false]) {
        const run = () => stampOwner(body, { reserved: KEY, owner: 'alice', always })
        expect(codeOf(run)).toBe('reserved_metadata')
      }
      try {
        stampOwner(body, { reserved: KEY, owner: null, always: false })
      } catch (error) {
        expect((error as BrokerError).invalidParams).toEqual([
          { in: 'body', name: '/metadata/1/key', reason: 'is reserved for the video owner' },
        ])
      }
    }
  )
})

describe("forcing the owner filter onto a list's query", () => {
  it('appends metadata[key]=owner, encoded, to any query', () => {
    const filter = 'metadata%5Bkeyward%3Aowner%5D=alice%20%26%20co'
    expect(ownerFilter('', KEY, 'alice & co')).toBe(`?${filter}`)
    expect(ownerFilter('?title=cats', KEY, 'alice & co')).toBe(`?title=cats&${filter}`)
    const params = new URLSearchParams(ownerFilter('?title=cats', KEY, 'alice & co'))
    expect(params.get(`metadata[${KEY}]`)).toBe('alice & co')
  })

  it.each([
    'metadata[keyward:owner]=bob',
    'metadata%5Bkeyward%3Aowner%5D=bob',
    'metadata%5bkeyward%3aowner%5d=bob',
    'metadata[keyward%3Aowner]=bob',
    'metadata[Keyward:Owner]=bob',
    'metadata[keyward:owner][]=bob',
    'title=a&metadata[%20keyward:owner]=bob',
    'title=a&metadata[+keyward:owner+]=bob',
    'meta%64ata[keyward:owner]=bob',
  ])('refuses a caller filter on the reserved key: %s', (query) => {
    expect(codeOf(() => ownerFilter(`?${query}`, KEY, 'alice'))).toBe('reserved_metadata')
  })

  it('keeps filters on other metadata keys', () => {
    expect(ownerFilter('?metadata[course]=maths', KEY, 'alice')).toBe(
      '?metadata[course]=maths&metadata%5Bkeyward%3Aowner%5D=alice'
    )
  })
})

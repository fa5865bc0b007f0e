import { describe, expect, it } from 'vitest'
import { bytes } from '../test-support/harness.ts'
import { mp4Header } from '../test-support/media.ts'
import { mp4Duration } from './mp4-duration.ts'

describe('mp4Duration', () => {
  it('reads the length from a version 0 or version 1 movie header', () => {
    expect(mp4Duration(mp4Header(5))).toBe(5)
    expect(mp4Duration(mp4Header(4176, 1))).toBe(4176)
  })

  it('finds the header after other bytes, as in a later chunk', () => {
    const chunk = new Uint8Array(4096 + 140)
    chunk.set(bytes(4096))
    chunk.set(mp4Header(12), 4096)
    expect(mp4Duration(chunk)).toBe(12)
  })

  it('says nothing for bytes without a whole movie header', () => {
    expect(mp4Duration(bytes(10_000))).toBeNull()
    expect(mp4Duration(mp4Header(5).slice(0, 80))).toBeNull()
    const wrongSize = mp4Header(5)
    new DataView(wrongSize.buffer).setUint32(24, 50)
    expect(mp4Duration(wrongSize)).toBeNull()
  })
})

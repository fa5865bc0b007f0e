import { describe, expect, it } from 'vitest'
import { atom, slotBounds } from './plays.ts'

const HOUR = 3_600_000

describe('slotBounds', () => {
  it('cuts a day into six slots of four hours that cover it exactly', () => {
    const from = Date.UTC(2026, 10, 29, 2, 0, 0)
    const slots = slotBounds(from, from + 24 * HOUR, 6)
    expect(slots).toHaveLength(6)
    expect(slots[0]).toEqual({ from, to: from + 4 * HOUR })
    expect(slots.at(-1)?.to).toBe(from + 24 * HOUR)
    for (let i = 1; i < slots.length; i++) expect(slots[i]?.from).toBe(slots[i - 1]?.to)
  })

  it('keeps whole seconds, the last slot taking what is left', () => {
    const slots = slotBounds(0, 10_000, 3)
    expect(slots.map((slot) => [slot.from, slot.to])).toEqual([
      [0, 3000],
      [3000, 6000],
      [6000, 10_000],
    ])
  })
})

describe('atom', () => {
  it('writes an ATOM date-time in UTC without milliseconds', () => {
    expect(atom(Date.UTC(2024, 1, 5, 0, 0, 0, 250))).toBe('2024-02-05T00:00:00Z')
  })
})

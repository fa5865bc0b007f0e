import { describe, expect, it } from 'vitest'
import type { PlaysPerVideo } from './plays.ts'
import { chartData, layoutBars } from './plays-chart.ts'

const plays = (slots: Array<Record<string, number>>): PlaysPerVideo => {
  const totals = new Map<string, number>()
  for (const slot of slots)
    for (const [id, n] of Object.entries(slot)) totals.set(id, (totals.get(id) ?? 0) + n)
  return {
    from: 0,
    to: slots.length * 1000,
    slots: slots.map((slot, i) => ({
      from: i * 1000,
      to: (i + 1) * 1000,
      plays: new Map(Object.entries(slot)),
    })),
    totals: [...totals]
      .map(([videoId, n]) => ({ videoId, plays: n }))
      .sort((a, b) => b.plays - a.plays),
  }
}

describe('chartData', () => {
  it('names the top videos by title and sums the rest as “Other videos”', () => {
    const data = chartData(
      plays([
        { a: 9, b: 1, c: 1, d: 1, e: 2, f: 1 },
        { a: 1, b: 4, c: 3, d: 2 },
      ]),
      new Map([['a', 'Aurora']])
    )
    expect(data.series.map((s) => [s.key, s.label, s.total])).toEqual([
      ['a', 'Aurora', 10],
      ['b', 'b', 5],
      ['c', 'c', 4],
      ['d', 'd', 3],
      ['other', 'Other videos (2)', 3],
    ])
    expect(data.slots.map((slot) => slot.values)).toEqual([
      [9, 1, 1, 1, 3],
      [1, 4, 3, 2, 0],
    ])
  })

  it('has no series when nothing was played', () => {
    expect(chartData(plays([{}, {}]), new Map()).series).toEqual([])
  })
})

describe('layoutBars', () => {
  it('stacks each slot’s parts, heights in proportion to plays, and leaves out zeros', () => {
    const { bars, ticks, max } = layoutBars({
      series: [],
      slots: [
        { from: 0, to: 1, values: [6, 2] },
        { from: 1, to: 2, values: [0, 3] },
      ],
    })
    expect(ticks).toEqual([0, 2, 4, 6, 8])
    expect(max).toBe(8)
    expect(bars.map((bar) => [bar.slot, bar.series, bar.value])).toEqual([
      [0, 0, 6],
      [0, 1, 2],
      [1, 1, 3],
    ])
    const [first, second, third] = bars as [(typeof bars)[0], (typeof bars)[0], (typeof bars)[0]]
    expect(first.height / second.height).toBeCloseTo(3)
    expect(second.y + second.height).toBeCloseTo(first.y)
    expect(third.y + third.height).toBeCloseTo(first.y + first.height)
  })
})

import { expect, test } from '@playwright/test'
import { openDemo, screenshot } from './demo.ts'
import { advanceClock, emulator, stack } from './stack.ts'

interface Buckets {
  data: Array<{ metricValue: number; dimensionValue: string }>
}

/** Plays per video in `[from, to)`, asked of api.video itself. */
async function playsByVideo(from: string, to: string): Promise<Map<string, number>> {
  const query = new URLSearchParams({ from, to, pageSize: '100' })
  const { data } = await emulator<Buckets>(`/data/buckets/play/media-id?${query}`)
  return new Map(data.map((row) => [row.dimensionValue, row.metricValue]))
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0)
const plays = (count: number) => `${count} ${count === 1 ? 'play' : 'plays'}`

test('plays per video over the last 24 hours are drawn as api.video counts them', async ({
  page,
}) => {
  // The emulator makes up plays for each hour a video has existed: let a day pass on its clock.
  await advanceClock(25 * 3600)
  // Plays count every user's videos: with ownership on, only an admin may see them.
  await openDemo(page, {}, stack.demo, 'admin')
  await page.getByRole('button', { name: 'Show plays' }).click()
  const chart = page.getByRole('img', { name: /^Plays per video in 6 slots/ })
  await expect(chart).toBeVisible()
  await expect(page.locator('#status')).toContainText('played in the last 24 hours')

  const read = (selector: string) =>
    chart
      .locator(selector)
      .evaluateAll((nodes) => nodes.map((node) => ({ ...(node as SVGElement).dataset })))
  const slots = await read('text[data-from]')
  const bars = await read('rect.chart-bar')
  expect(slots).toHaveLength(6)
  expect(bars.length).toBeGreaterThan(0)
  const named = new Set(bars.map((bar) => bar.series as string).filter((key) => key !== 'other'))

  const totals = new Map<string, number>()
  for (const { from, to } of slots) {
    const upstream = await playsByVideo(from as string, to as string)
    for (const [id, count] of upstream) totals.set(id, (totals.get(id) ?? 0) + count)
    const drawn = bars.filter((bar) => bar.from === from)
    for (const bar of drawn) {
      const expected =
        bar.series === 'other'
          ? sum([...upstream].filter(([id]) => !named.has(id)).map(([, count]) => count))
          : upstream.get(bar.series as string)
      expect(Number(bar.plays), `${bar.series} from ${from}`).toBe(expected)
    }
    // Every play api.video counts in the slot is drawn, in a named part or in "Other videos".
    expect(sum(drawn.map((bar) => Number(bar.plays)))).toBe(sum(upstream.values()))
  }

  // The legend: the most played videos with their totals for the day, then the rest together.
  const legend = page.getByRole('list', { name: 'Plays per video' }).getByRole('listitem')
  await expect(legend).toHaveCount(Math.min(totals.size, 5))
  for (const id of named) {
    await expect(legend.and(page.locator(`[data-series="${id}"]`))).toContainText(
      plays(totals.get(id) as number)
    )
  }
  const top = Math.max(...totals.values())
  await expect(legend.first().locator('.legend-total')).toHaveText(plays(top))
  await screenshot(page, 'analytics-desktop')
})

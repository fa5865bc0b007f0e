import { h } from './dom.ts'
import { atom, type PlaysPerVideo } from './plays.ts'

/** One stacked part of every bar: a video, or the videos beyond the top few together. */
export interface Series {
  /** The video id, or `other`. */
  key: string
  label: string
  total: number
}

export interface ChartData {
  series: Series[]
  slots: Array<{ from: number; to: number; values: number[] }>
}

export interface Bar {
  slot: number
  series: number
  value: number
  x: number
  y: number
  width: number
  height: number
}

/** The most played videos get their own colour; the rest share one. */
export const TOP_VIDEOS = 4
const SIZE = { width: 640, height: 240, left: 40, bottom: 28, top: 8 }
const SVG = 'http://www.w3.org/2000/svg'
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })

/** What the chart draws: the top videos by plays, then "Other videos" if any, slot by slot. */
export function chartData(plays: PlaysPerVideo, titles: Map<string, string>): ChartData {
  const top = plays.totals.slice(0, TOP_VIDEOS)
  const rest = plays.totals.slice(TOP_VIDEOS)
  const series: Series[] = top.map(({ videoId, plays: total }) => ({
    key: videoId,
    label: titles.get(videoId) ?? videoId,
    total,
  }))
  if (rest.length > 0) {
    const total = rest.reduce((sum, row) => sum + row.plays, 0)
    series.push({ key: 'other', label: `Other videos (${rest.length})`, total })
  }
  const slots = plays.slots.map(({ from, to, plays: counts }) => {
    const values = top.map(({ videoId }) => counts.get(videoId) ?? 0)
    if (rest.length > 0)
      values.push(rest.reduce((sum, row) => sum + (counts.get(row.videoId) ?? 0), 0))
    return { from, to, values }
  })
  return { series, slots }
}

/** Stacked bars in SVG units, with the y axis's ticks (four equal steps of whole plays). */
export function layoutBars({ slots }: ChartData): { bars: Bar[]; ticks: number[]; max: number } {
  const highest = Math.max(1, ...slots.map((slot) => slot.values.reduce((a, b) => a + b, 0)))
  const step = Math.ceil(highest / 4)
  const max = step * 4
  const plot = SIZE.height - SIZE.bottom - SIZE.top
  const band = (SIZE.width - SIZE.left) / Math.max(1, slots.length)
  const width = band * 0.6
  const bars: Bar[] = []
  slots.forEach((slot, index) => {
    let base = SIZE.height - SIZE.bottom
    slot.values.forEach((value, series) => {
      if (value === 0) return
      const height = (value / max) * plot
      base -= height
      bars.push({
        slot: index,
        series,
        value,
        x: SIZE.left + index * band + (band - width) / 2,
        y: base,
        width,
        height,
      })
    })
  })
  return { bars, ticks: [0, step, 2 * step, 3 * step, max], max }
}

/** The chart itself: an inline SVG with a tooltip per part, and the legend with each total. */
export function playsChart(data: ChartData): HTMLElement {
  const { bars, ticks, max } = layoutBars(data)
  const plot = SIZE.height - SIZE.bottom - SIZE.top
  const svg = svgElement('svg', {
    viewBox: `0 0 ${SIZE.width} ${SIZE.height}`,
    role: 'img',
    'aria-label': `Plays per video in ${data.slots.length} slots; the legend below has the totals.`,
    class: 'chart',
  })
  for (const tick of ticks) {
    const y = SIZE.height - SIZE.bottom - (tick / max) * plot
    svg.append(
      svgElement('line', { x1: SIZE.left, x2: SIZE.width, y1: y, y2: y, class: 'chart-grid' }),
      svgText(String(tick), { x: SIZE.left - 6, y: y + 4, 'text-anchor': 'end' })
    )
  }
  const band = (SIZE.width - SIZE.left) / Math.max(1, data.slots.length)
  data.slots.forEach((slot, index) => {
    const x = SIZE.left + index * band + band / 2
    const label = { x, y: SIZE.height - 8, 'text-anchor': 'middle' }
    const range = { 'data-from': atom(slot.from), 'data-to': atom(slot.to) }
    svg.append(svgText(TIME.format(slot.from), { ...label, ...range }))
  })
  for (const bar of bars) {
    const series = data.series[bar.series] as Series
    const slot = data.slots[bar.slot] as ChartData['slots'][number]
    const rect = svgElement('rect', {
      x: bar.x,
      y: bar.y,
      width: bar.width,
      height: bar.height,
      class: `chart-bar series-${bar.series}`,
      'data-series': series.key,
      'data-slot': bar.slot,
      'data-plays': bar.value,
      'data-from': atom(slot.from),
      'data-to': atom(slot.to),
    })
    const title = svgElement('title', {})
    title.textContent = `${series.label}: ${plays(bar.value)}, ${TIME.format(slot.from)}–${TIME.format(slot.to)}`
    rect.append(title)
    svg.append(rect)
  }
  return h('figure', { class: 'plays-chart' }, svg, legend(data.series))
}

function legend(series: Series[]): HTMLElement {
  return h(
    'ul',
    { class: 'chart-legend', 'aria-label': 'Plays per video' },
    ...series.map((item, index) =>
      h(
        'li',
        { 'data-series': item.key },
        h('span', { class: `swatch series-${index}`, 'aria-hidden': 'true' }),
        h('span', { class: 'legend-label' }, item.label),
        h('span', { class: 'legend-total' }, plays(item.total))
      )
    )
  )
}

const plays = (count: number) => `${count} ${count === 1 ? 'play' : 'plays'}`

function svgElement(tag: string, attrs: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value))
  return element
}

function svgText(text: string, attrs: Record<string, string | number>): SVGElement {
  const element = svgElement('text', { ...attrs, class: 'chart-label' })
  element.textContent = text
  return element
}

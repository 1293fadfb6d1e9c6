import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { installPointerEvent } from '../testing/pointerEvents'
import { BarChart, type BarChartSeries } from './BarChart'

installPointerEvent()
afterEach(cleanup)

// 360 × 200 with margins 48 left, 14 right, 8 top, 38 bottom (group labels and x title): x spans
// 48…346, y 162…8. Three groups of 298 / 3 px; each group's two bars share its middle 80%.
const groups = ['dog', 'cat', 'car']
const band = 298 / 3
const slot = (band * 0.8) / 2
const barCentreOf = (group: number, series: number) => 48 + group * band + band * 0.1 + (series + 0.5) * slot
/** y in px on the domain [0, 4]. */
const syOf = (v: number) => 162 - (v / 4) * 154
const series: BarChartSeries[] = [
  { name: 'standard', color: '#1f5fa8', values: [1, 2, 3], errors: [0.5, 0.25, Number.NaN] },
  { name: 'adversarial', color: '#6aaee6', values: [1.5, Number.NaN, 0.5] },
]

const chart = (name = 'score by object') => screen.getByRole('group', { name }) as unknown as SVGSVGElement
const bar = (container: HTMLElement, group: string, name: string) => container.querySelector(`rect[data-series="${name}"][data-group="${group}"]`)
const box = (rect: Element) => {
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a)))
  return { x, y, width, height, centre: x + width / 2, top: y, bottom: y + height }
}
const tooltipRows = () => Array.from(screen.getByRole('tooltip').children).map((row) => row.textContent)
const placeChart = (scale = 1) => {
  chart().getBoundingClientRect = () => ({ left: 10, top: 20, width: 360 * scale, height: 200 * scale, right: 10 + 360 * scale, bottom: 20 + 200 * scale, x: 10, y: 20, toJSON: () => ({}) })
}

describe('BarChart', () => {
  it('draws each bar from 0 up to its value on the scale, side by side per group, and no bar for NaN', () => {
    const { container } = render(<BarChart groups={groups} series={series} xLabel="object" yLabel="score" yDomain={[0, 4]} />)
    expect(container.querySelectorAll('rect[data-series]')).toHaveLength(5)
    expect(bar(container, 'cat', 'adversarial')).toBeNull()
    const one = box(bar(container, 'dog', 'standard')!)
    const two = box(bar(container, 'cat', 'standard')!)
    const three = box(bar(container, 'car', 'standard')!)
    for (const b of [one, two, three]) expect(b.bottom).toBeCloseTo(162, 6)
    expect(one.top).toBeCloseTo(syOf(1), 6)
    expect(two.height).toBeCloseTo(2 * one.height, 6)
    expect(three.height).toBeCloseTo(3 * one.height, 6)
    // each series in its slot of each group, in order, not overlapping its neighbour
    groups.forEach((g, i) =>
      series.forEach((s, j) => {
        const rect = bar(container, g, s.name)
        if (rect) expect(box(rect).centre).toBeCloseTo(barCentreOf(i, j), 6)
      }),
    )
    const dogAdversarial = box(bar(container, 'dog', 'adversarial')!)
    expect(one.x + one.width).toBeLessThan(dogAdversarial.x)
    expect(dogAdversarial.x + dogAdversarial.width).toBeLessThan(box(bar(container, 'cat', 'standard')!).x)
    expect(bar(container, 'dog', 'adversarial')!.getAttribute('fill')).toBe('#6aaee6')
    expect(within(screen.getByRole('list', { name: 'score: series' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['standard', 'adversarial'])
  })

  it('defaults to a 0-based domain up to the largest value + error, padded, and reaches down to negative values', () => {
    const { container, rerender } = render(<BarChart groups={['a', 'b']} series={[{ name: 's', values: [1, 2], errors: [0.5, 0.5] }]} yLabel="score" />)
    const a = box(bar(container, 'a', 's')!)
    const b = box(bar(container, 'b', 's')!)
    // no x title: 22 px under the plot, so y spans 178…8 over [0, 2.5 × 1.05]
    expect(a.bottom).toBeCloseTo(178, 6)
    expect(b.bottom).toBeCloseTo(178, 6)
    expect(b.height).toBeCloseTo(2 * a.height, 6)
    expect(b.top).toBeCloseTo(178 - (2 / 2.625) * 170, 6)
    const whisker = container.querySelector('[data-error][data-group="b"] line[data-whisker]')!
    expect(Number(whisker.getAttribute('y1'))).toBeCloseTo(178 - (2.5 / 2.625) * 170, 6)
    // one series: no legend
    expect(screen.queryByRole('list')).toBeNull()

    rerender(<BarChart groups={['a', 'b']} series={[{ name: 's', values: [-1, 3] }]} yLabel="score" />)
    const negative = box(bar(container, 'a', 's')!)
    const positive = box(bar(container, 'b', 's')!)
    // [−1, 3] padded by 0.2 both ways: 0 sits at 178 − (1.2 / 4.4) × 170; the negative bar hangs from it
    const zero = 178 - (1.2 / 4.4) * 170
    expect(negative.top).toBeCloseTo(zero, 6)
    expect(positive.bottom).toBeCloseTo(zero, 6)
    expect(positive.height).toBeCloseTo(3 * negative.height, 6)
    expect(Array.from(container.querySelectorAll('[data-axis="left"] g text')).map((t) => t.textContent)).toContain('-1')
  })

  it('draws error bars from value − error to value + error, with caps, centred on their bar', () => {
    const { container } = render(<BarChart groups={groups} series={series} xLabel="object" yLabel="score" yDomain={[0, 4]} />)
    // errors only where given and finite: dog and cat of "standard"
    expect(Array.from(container.querySelectorAll('[data-error]')).map((e) => `${e.getAttribute('data-group')} ${e.getAttribute('data-series')}`)).toEqual(['dog standard', 'cat standard'])
    const error = container.querySelector('[data-error][data-group="dog"]')!
    const [whisker, ...caps] = Array.from(error.querySelectorAll('line'))
    const n = (line: Element, a: string) => Number(line.getAttribute(a))
    expect(n(whisker, 'y1')).toBeCloseTo(syOf(1.5), 6)
    expect(n(whisker, 'y2')).toBeCloseTo(syOf(0.5), 6)
    expect(n(whisker, 'x1')).toBeCloseTo(box(bar(container, 'dog', 'standard')!).centre, 6)
    expect(n(whisker, 'x2')).toBeCloseTo(n(whisker, 'x1'), 6)
    expect(caps.map((c) => [n(c, 'y1'), n(c, 'y2')])).toEqual([
      [syOf(1.5), syOf(1.5)],
      [syOf(0.5), syOf(0.5)],
    ])
    for (const cap of caps) {
      expect(n(cap, 'x1')).toBeLessThan(n(whisker, 'x1'))
      expect(n(cap, 'x2')).toBeGreaterThan(n(whisker, 'x1'))
      expect(n(cap, 'x1') + n(cap, 'x2')).toBeCloseTo(2 * n(whisker, 'x1'), 6)
    }
  })

  it('draws a dashed reference line at its value on the scale, with its label', () => {
    const { container, rerender } = render(
      <BarChart groups={groups} series={series.map((s) => ({ ...s, values: s.values.map((v) => v / 4), errors: undefined }))} xLabel="object" yLabel="score" yDomain={[0, 1]} reference={{ value: 0.1, label: 'chance' }} formatY={(v) => `${Math.round(v * 100)}%`} />,
    )
    const reference = container.querySelector('g[data-reference]')!
    const line = reference.querySelector('line')!
    expect(Number(line.getAttribute('y1'))).toBeCloseTo(162 - 0.1 * 154, 6)
    expect(Number(line.getAttribute('y2'))).toBeCloseTo(162 - 0.1 * 154, 6)
    expect([Number(line.getAttribute('x1')), Number(line.getAttribute('x2'))]).toEqual([48, 346])
    expect(line.getAttribute('stroke-dasharray')).toBeTruthy()
    expect(reference.querySelector('text')!.textContent).toBe('chance')
    expect(reference.querySelector('title')!.textContent).toBe('chance: 10%')
    expect(Array.from(container.querySelectorAll('[data-axis="left"] g text')).map((t) => t.textContent)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%'])

    // the default domain makes room for the reference line above the bars
    rerender(<BarChart groups={['a']} series={[{ name: 's', values: [0.2] }]} xLabel="object" yLabel="score" reference={{ value: 0.5, label: 'chance' }} />)
    const y = Number(container.querySelector('g[data-reference] line')!.getAttribute('y1'))
    expect(y).toBeCloseTo(162 - (0.5 / 0.525) * 154, 6)
    expect(y).toBeLessThan(box(bar(container, 'a', 's')!).top)
    // a fixed domain that leaves it out leaves it out
    rerender(<BarChart groups={['a']} series={[{ name: 's', values: [0.2] }]} xLabel="object" yLabel="score" yDomain={[0, 0.4]} reference={{ value: 0.5, label: 'chance' }} />)
    expect(container.querySelector('g[data-reference]')).toBeNull()
  })

  it('titles every bar with its group, series, value and error', () => {
    const { container } = render(<BarChart groups={groups} series={series} xLabel="object" yLabel="score" formatY={(v) => v.toFixed(2)} />)
    expect(Array.from(container.querySelectorAll('rect[data-series] > title')).map((t) => t.textContent)).toEqual([
      'dog · standard: 1.00 ± 0.50',
      'cat · standard: 2.00 ± 0.25',
      'car · standard: 3.00',
      'dog · adversarial: 1.50',
      'car · adversarial: 0.50',
    ])
  })

  it('shows every series in the group under the pointer, with its error, and "—" for a missing value', () => {
    const { container } = render(<BarChart groups={groups} series={series} xLabel="object" yLabel="score" />)
    placeChart()
    expect(screen.queryByRole('tooltip')).toBeNull()
    // 3 px inside the second group's right edge
    fireEvent.pointerMove(chart(), { clientX: 10 + 48 + 2 * band - 3, clientY: 60 })
    expect(tooltipRows()).toEqual(['cat', 'standard: 2 ± 0.25', 'adversarial: —'])
    expect(chart().getAttribute('aria-describedby')).toBe(screen.getByRole('tooltip').id)
    expect(Number(container.querySelector('rect[data-hover-group]')!.getAttribute('x'))).toBeCloseTo(48 + band, 6)
    fireEvent.pointerMove(chart(), { clientX: 10 + 5, clientY: 60 }) // in the left margin: the first group
    expect(tooltipRows()).toEqual(['dog', 'standard: 1 ± 0.5', 'adversarial: 1.5'])
    fireEvent.pointerLeave(chart())
    expect(screen.queryByRole('tooltip')).toBeNull()
    placeChart(2)
    fireEvent.pointerMove(chart(), { clientX: 10 + 2 * (48 + 2.5 * band), clientY: 60 })
    expect(tooltipRows()).toEqual(['car', 'standard: 3', 'adversarial: 0.5'])
  })

  it('moves through the groups with the keyboard', () => {
    render(<BarChart groups={groups} series={series} xLabel="object" yLabel="score" />)
    expect(chart().getAttribute('tabindex')).toBe('0')
    expect(chart().getAttribute('aria-roledescription')).toBe('bar chart')
    fireEvent.focus(chart())
    expect(tooltipRows()[0]).toBe('dog')
    fireEvent.keyDown(chart(), { key: 'ArrowRight' })
    expect(tooltipRows()).toEqual(['cat', 'standard: 2 ± 0.25', 'adversarial: —'])
    fireEvent.keyDown(chart(), { key: 'End' })
    fireEvent.keyDown(chart(), { key: 'ArrowRight' }) // stays on the last
    expect(tooltipRows()).toEqual(['car', 'standard: 3', 'adversarial: 0.5'])
    fireEvent.keyDown(chart(), { key: 'ArrowLeft' })
    expect(tooltipRows()[0]).toBe('cat')
    fireEvent.keyDown(chart(), { key: 'Home' })
    fireEvent.keyDown(chart(), { key: 'ArrowLeft' }) // stays on the first
    expect(tooltipRows()[0]).toBe('dog')
    fireEvent.keyDown(chart(), { key: 'Escape' })
    expect(screen.queryByRole('tooltip')).toBeNull()
    fireEvent.keyDown(chart(), { key: 'ArrowRight' }) // shows where it is before moving
    expect(tooltipRows()[0]).toBe('dog')
    fireEvent.blur(chart())
    expect(screen.queryByRole('tooltip')).toBeNull()
  })

  it('turns group labels that would overlap, and makes room for them under the plot', () => {
    const objects = ['dog', 'cat', 'fire truck', 'teddy bear', 'school bus', 'traffic light', 'zebra', 'elephant', 'bicycle', 'airplane']
    const values = objects.map((_, i) => i + 1)
    const { container, rerender } = render(<BarChart groups={objects} series={[{ name: 's', values }]} xLabel="object" yLabel="score" width={480} />)
    const rotated = container.querySelector('[data-axis="bottom"][data-rotated]')!
    const labels = Array.from(rotated.querySelectorAll('text'))
    expect(labels.map((t) => t.textContent)).toEqual(objects)
    for (const label of labels) expect(label.getAttribute('transform')).toMatch(/rotate\(-35\)/)
    // the plot shrinks to make room: the bars stand higher than on a 38 px margin, and the x title
    // sits under the longest turned label ("traffic light", about 13 × 6 px long), inside the chart
    const base = box(bar(container, 'dog', 's')!).bottom
    expect(base).toBeLessThan(162 - 30)
    const title = container.querySelector('[data-axis="bottom"]:not([data-rotated]) > text')!
    expect(title.textContent).toBe('object')
    expect(Number(title.getAttribute('y'))).toBeGreaterThan(base + 4 + 13 * 6 * Math.sin((35 * Math.PI) / 180))
    expect(Number(title.getAttribute('y'))).toBeLessThanOrEqual(200)
    expect(box(bar(container, 'dog', 's')!).centre).toBeCloseTo(48 + 41.8 / 2, 6)

    // short names that fit their groups stay level, on the shared axis
    rerender(<BarChart groups={objects.slice(0, 3).map((o) => o.slice(0, 3))} series={[{ name: 's', values: [1, 2, 3] }]} xLabel="object" yLabel="score" width={480} />)
    expect(container.querySelector('[data-rotated]')).toBeNull()
    expect(Array.from(container.querySelectorAll('[data-axis="bottom"] g text')).map((t) => t.textContent)).toEqual(['dog', 'cat', 'fir'])
    expect(box(bar(container, 'dog', 's')!).bottom).toBeCloseTo(162, 6)
    // ten long names at the default width of 360 turn as well
    rerender(<BarChart groups={objects} series={[{ name: 's', values }]} xLabel="object" yLabel="score" />)
    expect(container.querySelector('[data-rotated]')).not.toBeNull()
  })
})

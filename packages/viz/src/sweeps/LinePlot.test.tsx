import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { installPointerEvent } from '../testing/pointerEvents'
import { LinePlot, type LinePlotSeries } from './LinePlot'

installPointerEvent()
afterEach(cleanup)

// 360 × 200 with margins 48 left, 14 right, 8 top, 38 bottom: x maps onto 48…346, y onto 162…8
const x = [0, 10, 20, 30, 40]
const sxOf = (v: number) => 48 + (v / 40) * 298
const series: LinePlotSeries[] = [
  { name: 'Model 1', color: '#1f5fa8', values: [0.1, 0.2, 0.9, 0.4, 0.3] },
  { name: 'Model 2', color: '#6aaee6', values: [0.5, Number.NaN, 0.6, 0.7, 0.8], band: { low: [0.4, 0.5, 0.5, 0.6, 0.7], high: [0.6, 0.7, 0.7, 0.8, 0.9] } },
]

const plot = () => screen.getByRole('group', { name: 'P(dog) against yaw' }) as unknown as SVGSVGElement
const linePaths = (container: HTMLElement) => Array.from(container.querySelectorAll('path[data-series]'))
const subpaths = (d: string) => d.split('M').filter(Boolean).map((part) => part.split('L').length)
const tooltipRows = () => Array.from(screen.getByRole('tooltip').children).map((row) => row.textContent)
/** The plot drawn at `scale` × its size by CSS, 10 px from the left of the page. */
const placePlot = (scale = 1) => {
  plot().getBoundingClientRect = () => ({ left: 10, top: 20, width: 360 * scale, height: 200 * scale, right: 10 + 360 * scale, bottom: 20 + 200 * scale, x: 10, y: 20, toJSON: () => ({}) })
}

describe('LinePlot', () => {
  it('draws one path per series with a point per finite sample, split at a missing one', () => {
    const { container } = render(<LinePlot x={x} series={series} xLabel="yaw" yLabel="P(dog)" yDomain={[0, 1]} />)
    const paths = linePaths(container)
    expect(paths.map((p) => p.getAttribute('data-series'))).toEqual(['Model 1', 'Model 2'])
    expect(paths.map((p) => p.getAttribute('stroke'))).toEqual(['#1f5fa8', '#6aaee6'])
    expect(subpaths(paths[0].getAttribute('d')!)).toEqual([5])
    expect(subpaths(paths[1].getAttribute('d')!)).toEqual([1, 3]) // 0.5 alone (a dot), then 0.6 0.7 0.8
    // y = 162 − value × 154 on the fixed domain [0, 1]
    expect(paths[0].getAttribute('d')).toBe('M48,146.6L122.5,131.2L197,23.4L271.5,100.4L346,115.8')
    expect(container.querySelectorAll('path[data-band]')).toHaveLength(1)
    expect(within(screen.getByRole('list', { name: 'P(dog): series' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Model 1', 'Model 2'])
  })

  it('draws round ticks on both axes, and gives a constant series a domain to sit in', () => {
    const { container } = render(<LinePlot x={[-70, 0, 70]} series={[{ name: 'flat', values: [0.5, 0.5, 0.5] }]} xLabel="yaw" yLabel="p" formatX={(v) => `${v}°`} />)
    const labels = (axis: string) => Array.from(container.querySelectorAll(`[data-axis="${axis}"] g text`)).map((t) => t.textContent)
    expect(labels('bottom')).toEqual(['-60°', '-40°', '-20°', '0°', '20°', '40°', '60°'])
    // [0.45, 0.55]: the curve sits in the middle of the plot
    expect(labels('left')).toEqual(['0.46', '0.48', '0.5', '0.52', '0.54'])
    expect(linePaths(container)[0].getAttribute('d')).toBe('M48,85L197,85L346,85')
  })

  it('shows every series at the sample nearest the pointer, even when CSS scales the plot', () => {
    render(<LinePlot x={x} series={series} xLabel="yaw" yLabel="P(dog)" />)
    placePlot()
    expect(screen.queryByRole('tooltip')).toBeNull()
    // 5 px short of half-way between x = 20 and x = 30: still 20
    fireEvent.pointerMove(plot(), { clientX: 10 + (sxOf(20) + sxOf(30)) / 2 - 5, clientY: 60 })
    expect(tooltipRows()).toEqual(['yaw 20', 'Model 1: 0.9', 'Model 2: 0.6 (0.5 – 0.7)'])
    expect(plot().getAttribute('aria-describedby')).toBe(screen.getByRole('tooltip').id)
    fireEvent.pointerMove(plot(), { clientX: 10 + sxOf(10) + 3, clientY: 60 })
    expect(tooltipRows()).toEqual(['yaw 10', 'Model 1: 0.2', 'Model 2: – (0.5 – 0.7)'])
    fireEvent.pointerLeave(plot())
    expect(screen.queryByRole('tooltip')).toBeNull()
    placePlot(2)
    fireEvent.pointerMove(plot(), { clientX: 10 + 2 * sxOf(30), clientY: 60 })
    expect(tooltipRows()[0]).toBe('yaw 30')
  })

  it('picks the sample nearest a click', () => {
    const onPick = vi.fn()
    render(<LinePlot x={x} series={series} xLabel="yaw" yLabel="P(dog)" onPick={onPick} />)
    placePlot()
    fireEvent.click(plot(), { clientX: 10 + sxOf(37) })
    fireEvent.click(plot(), { clientX: 10 + 2 }) // in the margin left of the plot: the first sample
    expect(onPick.mock.calls).toEqual([[4], [0]])
  })

  it('moves through the samples with the keyboard, starting at the marker, and picks with Enter', () => {
    const onPick = vi.fn()
    const { container } = render(<LinePlot x={x} series={series} xLabel="yaw" yLabel="P(dog)" marker={19} onPick={onPick} />)
    expect(Number(container.querySelector('line[data-marker]')!.getAttribute('x1'))).toBeCloseTo(sxOf(19), 6)
    fireEvent.focus(plot())
    expect(tooltipRows()[0]).toBe('yaw 20')
    fireEvent.keyDown(plot(), { key: 'ArrowRight' })
    expect(tooltipRows()[0]).toBe('yaw 30')
    fireEvent.keyDown(plot(), { key: 'ArrowLeft' })
    fireEvent.keyDown(plot(), { key: 'ArrowLeft' })
    expect(tooltipRows()[0]).toBe('yaw 10')
    fireEvent.keyDown(plot(), { key: 'Enter' })
    fireEvent.keyDown(plot(), { key: 'End' })
    fireEvent.keyDown(plot(), { key: 'ArrowRight' }) // stays on the last
    expect(tooltipRows()).toEqual(['yaw 40', 'Model 1: 0.3', 'Model 2: 0.8 (0.7 – 0.9)'])
    fireEvent.keyDown(plot(), { key: 'Enter' })
    expect(onPick.mock.calls).toEqual([[1], [4]])
    fireEvent.keyDown(plot(), { key: 'Escape' })
    expect(screen.queryByRole('tooltip')).toBeNull()
    fireEvent.keyDown(plot(), { key: 'Home' })
    expect(tooltipRows()[0]).toBe('yaw 0')
    fireEvent.blur(plot())
    expect(screen.queryByRole('tooltip')).toBeNull()
  })
})

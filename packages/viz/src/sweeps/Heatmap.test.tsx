import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { setupFakeCanvas } from '../testing/fakeCanvas'
import { installPointerEvent } from '../testing/pointerEvents'
import { sequentialColors } from './colorScale'
import { Heatmap } from './Heatmap'

installPointerEvent()
const fake = setupFakeCanvas()

// 3 yaws × 2 blurs, row-major by blur: row iy = 0 is blur 0, row 1 blur 2 (with one missing value)
const x = [-40, 0, 40]
const y = [0, 2]
const values = [1, 2, 3, 4, Number.NaN, 6]

const pixels = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => Array.from(rgba.subarray(i * 4, i * 4 + 4)))
const color = (t: number) => [...sequentialColors(t), 255]
const cells = (name = 'Model 1') => screen.getByRole('img', { name: `${name}: 3×2 cells` }) as HTMLCanvasElement
const tooltipRows = () => Array.from(screen.getByRole('tooltip').children).map((row) => row.textContent)
/** The canvas drawn 300 × 200 px at (100, 50): cells of 100 × 100 px. */
const placeCells = (canvas = cells()) => {
  canvas.getBoundingClientRect = () => ({ left: 100, top: 50, width: 300, height: 200, right: 400, bottom: 250, x: 100, y: 50, toJSON: () => ({}) })
  return canvas
}
const centre = (ix: number, iy: number) => ({ clientX: 100 + 100 * ix + 50, clientY: 50 + 100 * (1 - iy) + 50 })

describe('Heatmap', () => {
  it('paints one pixel per cell over the data extent, the first row at the bottom and NaN transparent', () => {
    render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" />)
    const canvas = cells()
    expect([canvas.width, canvas.height]).toEqual([3, 2])
    expect(canvas.style.imageRendering).toBe('pixelated')
    // domain [1, 6]: t = (v − 1) / 5
    expect(pixels(fake.contextOf(canvas)!.painted!)).toEqual([color(0.6), [0, 0, 0, 0], color(1), color(0), color(0.2), color(0.4)])
    expect(screen.getByRole('img', { name: 'Colour scale from 1 to 6' })).toBeTruthy()
  })

  it('repaints the same canvas with new values', () => {
    const { rerender } = render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" />)
    const canvas = cells()
    rerender(<Heatmap x={x} y={y} values={[0, 0, 0, 0, 0, 10]} title="Model 1" xLabel="yaw" yLabel="blur" />)
    expect(cells()).toBe(canvas)
    expect(pixels(fake.contextOf(canvas)!.painted!)[2]).toEqual(color(1))
    expect(pixels(fake.contextOf(canvas)!.painted!)[0]).toEqual(color(0))
  })

  it('colours two heatmaps alike on a shared domain', () => {
    render(
      <div>
        <Heatmap x={x} y={y} values={[2, 3, 4, 4, 4, 4]} title="Model 1" xLabel="yaw" yLabel="blur" domain={[0, 10]} />
        <Heatmap x={x} y={y} values={[0, 4, 10, 4, 4, 4]} title="Model 2" xLabel="yaw" yLabel="blur" domain={[0, 10]} />
      </div>,
    )
    const four = color(0.4)
    expect(pixels(fake.contextOf(cells('Model 1'))!.painted!)[5]).toEqual(four) // (ix 2, iy 0) = 4
    expect(pixels(fake.contextOf(cells('Model 2'))!.painted!)[4]).toEqual(four) // (ix 1, iy 0) = 4
    expect(screen.getAllByRole('img', { name: 'Colour scale from 0 to 10' })).toHaveLength(2)
  })

  it('centres a diverging scale on 0', () => {
    render(<Heatmap x={x} y={y} values={[0, -1, 3, 0, 0, 0]} title="Model 1" xLabel="yaw" yLabel="blur" scale="diverging" />)
    const painted = pixels(fake.contextOf(cells())!.painted!)
    expect(painted[3]).toEqual([255, 255, 255, 255])
    expect(painted[5]).toEqual([202, 0, 32, 255])
    expect(screen.getByRole('img', { name: 'Colour scale from -3 to 3' }).nextElementSibling!.textContent).toBe('-303')
  })

  it('places round ticks on the cell grid and the marker on its cell', () => {
    const { container } = render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" marker={{ x: 0, y: 2 }} />)
    // plot area 224 × 198 from (48, 4): cells 74.67 × 99 px; yaw 0 is the middle column's centre
    const ticks = Array.from(container.querySelectorAll('[data-axis="bottom"] g')).map((g) => [g.textContent, g.getAttribute('transform')])
    expect(ticks.map(([label]) => label)).toEqual(['-40', '-20', '0', '20', '40'])
    expect(ticks[2][1]).toBe('translate(160,202)')
    expect(container.querySelector('[data-marker]')!.getAttribute('transform')).toBe('translate(160,53.5)')
  })

  it('shows x, y and the value of the cell under the pointer', () => {
    render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" valueLabel="mean" formatY={(v) => `${v} px`} />)
    const canvas = placeCells()
    fireEvent.pointerMove(canvas, centre(2, 1))
    expect(tooltipRows()).toEqual(['yaw 40', 'blur 2 px', 'mean 6'])
    fireEvent.pointerMove(canvas, { clientX: 101, clientY: 249 })
    expect(tooltipRows()).toEqual(['yaw -40', 'blur 0 px', 'mean 1'])
    fireEvent.pointerMove(canvas, centre(1, 1))
    expect(tooltipRows()[2]).toBe('mean no value')
    fireEvent.pointerLeave(canvas)
    expect(screen.queryByRole('tooltip')).toBeNull()
  })

  it('picks the clicked cell as (ix, iy, index into values)', () => {
    const onPick = vi.fn()
    render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" onPick={onPick} />)
    const canvas = placeCells()
    fireEvent.click(canvas, centre(0, 0))
    fireEvent.click(canvas, centre(2, 1))
    fireEvent.click(canvas, centre(1, 0))
    fireEvent.click(canvas, { clientX: 99, clientY: 60 }) // outside: nothing
    expect(onPick.mock.calls).toEqual([
      [0, 0, 0],
      [2, 1, 5],
      [1, 0, 1],
    ])
  })

  it('moves over the cells with the arrow keys from the marker, up meaning larger y, and picks with Enter', () => {
    const onPick = vi.fn()
    render(<Heatmap x={x} y={y} values={values} title="Model 1" xLabel="yaw" yLabel="blur" marker={{ x: 3, y: 1.9 }} onPick={onPick} />)
    const group = screen.getByRole('group', { name: 'Model 1: value over yaw and blur' })
    fireEvent.focus(group)
    expect(tooltipRows()).toEqual(['yaw 0', 'blur 2', 'value no value'])
    expect(group.getAttribute('aria-describedby')).toBe(screen.getByRole('tooltip').id)
    fireEvent.keyDown(group, { key: 'ArrowDown' })
    expect(tooltipRows()).toEqual(['yaw 0', 'blur 0', 'value 2'])
    fireEvent.keyDown(group, { key: 'ArrowDown' }) // already the bottom row
    fireEvent.keyDown(group, { key: 'ArrowRight' })
    fireEvent.keyDown(group, { key: 'ArrowRight' }) // already the last column
    expect(tooltipRows()[2]).toBe('value 3')
    fireEvent.keyDown(group, { key: 'Enter' })
    fireEvent.keyDown(group, { key: 'ArrowUp' })
    fireEvent.keyDown(group, { key: 'ArrowLeft' })
    fireEvent.keyDown(group, { key: 'ArrowLeft' })
    expect(tooltipRows()[2]).toBe('value 4')
    fireEvent.keyDown(group, { key: 'Enter' })
    expect(onPick.mock.calls).toEqual([
      [2, 0, 2],
      [0, 1, 3],
    ])
    fireEvent.keyDown(group, { key: 'Escape' })
    expect(screen.queryByRole('tooltip')).toBeNull()
    expect(within(group).getAllByRole('img')).toHaveLength(1)
  })
})

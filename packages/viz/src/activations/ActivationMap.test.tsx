import { describe, expect, it } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { setupFakeCanvas, testMaps } from '../testing/fakeCanvas'
import { installPointerEvent } from '../testing/pointerEvents'
import { activationToRgba } from './activationToRgba'
import { ActivationMap } from './ActivationMap'

installPointerEvent()
const canvas = setupFakeCanvas()

// channels 3 and 7 of a layer with σ = 0.5, maps of 2×3
const first = testMaps([3, 7], 2, 3, [[0, 1, 2, 3, 4, 5], [0, 1, -1, 2, -2, 0.25]], 0.5)
const second = testMaps([3, 7], 2, 3, [[5, 4, 3, 2, 1, 0], [-0.5, 0.5, 0, 4, 1, -3]], 0.5)

function mapCanvas() {
  return screen.getByRole('img') as HTMLCanvasElement
}

describe('ActivationMap', () => {
  it('paints the chosen channel, divided by 4σ of the layer, at the map resolution', () => {
    render(<ActivationMap maps={first} channel={7} />)
    const element = mapCanvas()
    expect(element.width).toBe(3)
    expect(element.height).toBe(2)
    expect(element.style.imageRendering).toBe('pixelated')
    const painted = canvas.contextOf(element)!.painted!
    expect(Array.from(painted)).toEqual(Array.from(activationToRgba([0, 1, -1, 2, -2, 0.25], 2)))
    // value 1 = 2σ → half red; −1 → half blue; 2 = 4σ → full red
    expect(Array.from(painted.subarray(4, 8))).toEqual([128, 0, 0, 255])
    expect(Array.from(painted.subarray(8, 12))).toEqual([0, 0, 128, 255])
    expect(Array.from(painted.subarray(12, 16))).toEqual([255, 0, 0, 255])
  })

  it('repaints the same canvas node on new data, reusing its ImageData', () => {
    const { rerender } = render(<ActivationMap maps={first} channel={3} />)
    const element = mapCanvas()
    const context = canvas.contextOf(element)!
    rerender(<ActivationMap maps={second} channel={3} />)
    expect(mapCanvas()).toBe(element)
    expect(context.putImageData).toHaveBeenCalledTimes(2)
    expect(context.createImageData).toHaveBeenCalledTimes(1)
    expect(Array.from(context.painted!)).toEqual(Array.from(activationToRgba([5, 4, 3, 2, 1, 0], 2)))
    // the same data object again: nothing to repaint
    rerender(<ActivationMap maps={second} channel={3} />)
    expect(context.putImageData).toHaveBeenCalledTimes(2)
  })

  it('uses a manual divisor from the log10 slider value', () => {
    const { container } = render(<ActivationMap maps={first} channel={3} normalization={1} />)
    expect(container.firstElementChild!.getAttribute('data-divisor')).toBe('10')
    // 5 / 10 = 0.5 → 128
    expect(Array.from(canvas.contextOf(mapCanvas())!.painted!.subarray(20, 24))).toEqual([128, 0, 0, 255])
  })

  it('shows the channel and the value under the pointer, and follows new data', () => {
    const { rerender } = render(<ActivationMap maps={first} channel={7} size={96} />)
    const element = mapCanvas()
    element.getBoundingClientRect = () => ({ left: 10, top: 20, width: 96, height: 64, right: 106, bottom: 84, x: 10, y: 20, toJSON: () => ({}) })
    // the cell (x 2, y 1): value −2 in the first data, 1 in the second
    fireEvent.pointerMove(element, { clientX: 10 + 2.5 * 32, clientY: 20 + 1.5 * 32 })
    expect(screen.getByRole('tooltip').textContent).toBe('ch 7 · 0.250 @ 2,1')
    fireEvent.pointerMove(element, { clientX: 10 + 1.5 * 32, clientY: 20 + 1.5 * 32 })
    expect(screen.getByRole('tooltip').textContent).toBe('ch 7 · -2.00 @ 1,1')
    rerender(<ActivationMap maps={second} channel={7} size={96} />)
    expect(screen.getByRole('tooltip').textContent).toBe('ch 7 · 1.00 @ 1,1')
    fireEvent.pointerLeave(element)
    expect(screen.queryByRole('tooltip')).toBeNull()
  })

  it('dims a stale map', () => {
    const { container } = render(<ActivationMap maps={first} channel={3} stale />)
    const box = container.firstElementChild as HTMLElement
    expect(box.dataset.stale).toBe('true')
    expect(box.style.opacity).toBe('0.4')
  })

  it('clears the canvas when the channel is not among the maps', () => {
    const { rerender } = render(<ActivationMap maps={first} channel={3} />)
    const context = canvas.contextOf(mapCanvas())!
    rerender(<ActivationMap maps={first} channel={4} />)
    expect(context.clearRect).toHaveBeenCalled()
    expect(context.painted).toBeNull()
    expect(mapCanvas().getAttribute('aria-label')).toMatch(/not computed/)
  })
})

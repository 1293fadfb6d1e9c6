import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { setupFakeCanvas } from '../testing/fakeCanvas'
import { installPointerEvent } from '../testing/pointerEvents'
import { ThumbnailGrid, type ThumbnailItem } from './ThumbnailGrid'

installPointerEvent()
const fake = setupFakeCanvas()

/** A 1×1 image of one colour. */
const pixel = (r: number, g: number, b: number) => ({ width: 1, height: 1, data: new Uint8ClampedArray([r, g, b, 255]) })
const items: ThumbnailItem[] = [
  { image: pixel(200, 100, 0), weight: 2, label: 'yaw −30°' },
  { image: pixel(200, 100, 0), weight: -4, label: 'yaw 0°' },
  { image: pixel(0, 0, 0), weight: 1 },
]

const painted = (canvas: HTMLElement) => Array.from(fake.contextOf(canvas as HTMLCanvasElement)!.painted!)

describe('ThumbnailGrid', () => {
  it('renders every input, weighted against the strongest (|−4|), negative ones inverted', () => {
    render(<ThumbnailGrid items={items} columns={2} size={48} />)
    const grid = screen.getByRole('list', { name: 'Inputs weighted by response' })
    expect(grid.style.gridTemplateColumns).toBe('repeat(2, 48px)')
    expect(within(grid).getAllByRole('listitem')).toHaveLength(3)
    const images = within(grid).getAllByRole('img')
    expect(images.map((i) => i.getAttribute('aria-label'))).toEqual(['yaw −30°, weight 2', 'yaw 0°, weight -4', 'Input 3, weight 1'])
    // half of max: halfway to white; −max: the inverse; a quarter of max on black: 255 − 255/4 = 191.25
    expect(painted(images[0])).toEqual([228, 178, 128, 255])
    expect(painted(images[1])).toEqual([55, 155, 255, 255])
    expect(painted(images[2])).toEqual([191, 191, 191, 255])
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('shows the label and weight of the hovered or focused input', () => {
    render(<ThumbnailGrid items={items} />)
    const [first, second] = screen.getAllByRole('listitem').map((li) => li.firstElementChild as HTMLElement)
    fireEvent.pointerEnter(second)
    expect(screen.getByRole('tooltip').textContent).toBe('yaw 0° -4')
    fireEvent.pointerLeave(second)
    expect(screen.queryByRole('tooltip')).toBeNull()
    fireEvent.focus(first)
    expect(screen.getByRole('tooltip').textContent).toBe('yaw −30° 2')
    expect(first.tabIndex).toBe(0)
  })

  it('makes each input a button that picks it', () => {
    const onPick = vi.fn()
    render(<ThumbnailGrid items={items} onPick={onPick} />)
    const buttons = screen.getAllByRole('button')
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['yaw −30°, weight 2', 'yaw 0°, weight -4', 'Input 3, weight 1'])
    fireEvent.click(buttons[2])
    fireEvent.click(buttons[0])
    expect(onPick.mock.calls).toEqual([[2], [0]])
  })

  it('repaints a thumbnail when the set it is compared with changes', () => {
    const { rerender } = render(<ThumbnailGrid items={items} />)
    const first = screen.getAllByRole('img')[0]
    rerender(<ThumbnailGrid items={items.slice(0, 1)} />)
    expect(screen.getAllByRole('img')[0]).toBe(first)
    expect(painted(first)).toEqual([200, 100, 0, 255]) // now the strongest
  })
})

import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { setupFakeCanvas } from '../testing/fakeCanvas'
import { ImageGallery } from './ImageGallery'

const fake = setupFakeCanvas()

describe('ImageGallery', () => {
  const pixel = { width: 1, height: 1, data: new Uint8ClampedArray([10, 20, 30, 255]) }
  it('paints each image as it is, captions it, and picks it on click', () => {
    const onPick = vi.fn()
    render(<ImageGallery label="Mistaken images" items={[{ image: pixel, caption: 'dog → cat', label: 'a.png: label dog; Model 1: cat' }, { caption: 'cat / dog' }]} selected={1} onPick={onPick} />)
    const list = screen.getByRole('list', { name: 'Mistaken images' })
    const buttons = within(list).getAllByRole('button')
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['a.png: label dog; Model 1: cat', 'cat / dog'])
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true'])
    expect(Array.from(fake.contextOf(within(buttons[0]).getByRole('img') as HTMLCanvasElement)!.painted!)).toEqual([10, 20, 30, 255])
    expect(within(list).getByText('dog → cat')).toBeTruthy()
    fireEvent.click(buttons[0])
    expect(onPick).toHaveBeenCalledWith(0)
  })

  it('says so when there is nothing to show', () => {
    render(<ImageGallery items={[]} />)
    expect(screen.getByRole('list', { name: 'Images' }).textContent).toBe('No images')
  })
})

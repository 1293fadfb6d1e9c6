import { describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { setupFakeCanvas } from '../testing/fakeCanvas'
import { FeatureVisTile } from './FeatureVisTile'
import type { FeatureVisGenerateOptions, FeatureVisGenerator } from './types'

const canvas = setupFakeCanvas()

/** A generator whose runs the test resolves, rejects and reports progress for by hand. */
function manualGenerator() {
  const runs: { layer: string; channel: number; options: FeatureVisGenerateOptions; resolve: (image: ImageLike) => void; reject: (error: unknown) => void }[] = []
  const generate = vi.fn<FeatureVisGenerator>(
    (layer, channel, options) =>
      new Promise((resolve, reject) => {
        runs.push({ layer, channel, options, resolve: ({ responded, objective, startObjective, layerMedian, ...image }) => resolve({ image, responded, objective, startObjective, layerMedian }), reject })
      }),
  )
  return { generate, runs }
}
type ImageLike = { width: number; height: number; data: Uint8ClampedArray; responded?: boolean; objective?: number; startObjective?: number; layerMedian?: number }
const image = (value: number): ImageLike => ({ width: 2, height: 2, data: new Uint8ClampedArray(16).fill(value) })

const playButton = () => screen.getByRole('button', { name: /^Generate feature visualization/ })
const cancelButton = () => screen.getByRole('button', { name: /^Cancel feature visualization/ })
const tileState = (container: HTMLElement) => container.querySelector('[data-state]')!.getAttribute('data-state')

describe('FeatureVisTile', () => {
  it('generates on play with the layer, channel and parameterisation, showing progress, then the image', async () => {
    const { generate, runs } = manualGenerator()
    const { container } = render(<FeatureVisTile layer="mixed4a" channel={12} generate={generate} />)
    expect(tileState(container)).toBe('empty')
    fireEvent.click(playButton())
    expect(generate).toHaveBeenCalledTimes(1)
    const [layer, channel, options] = generate.mock.calls[0]
    expect([layer, channel, options.parameterization]).toEqual(['mixed4a', 12, 'fourier'])
    expect(options.signal.aborted).toBe(false)
    expect(tileState(container)).toBe('running')

    act(() => runs[0].options.onProgress({ step: 32, total: 128 }))
    const bar = screen.getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('32')
    expect(bar.getAttribute('aria-valuemax')).toBe('128')
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('25%')
    expect(screen.queryByText(/left$/)).toBeNull() // no estimate given, none shown
    // the runtime's estimate of the time left, in words
    act(() => runs[0].options.onProgress({ step: 64, total: 128, remainingMs: 12_300 }))
    expect(screen.getByText('≈ 12 s left')).toBeTruthy()
    expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('step 64 of 128, ≈ 12 s left')
    act(() => runs[0].options.onProgress({ step: 70, total: 128, remainingMs: 150_000 }))
    expect(screen.getByText('≈ 3 min left')).toBeTruthy()

    await act(async () => runs[0].resolve(image(200)))
    expect(tileState(container)).toBe('generated')
    expect(screen.queryByRole('progressbar')).toBeNull()
    const drawn = screen.getByRole('img', { name: /Feature visualization \(fourier\)/ }) as HTMLCanvasElement
    expect(Array.from(canvas.contextOf(drawn)!.painted!)).toEqual(Array.from(image(200).data))
  })

  it('cancels when clicked again: the signal aborts and a late answer is ignored', async () => {
    const { generate, runs } = manualGenerator()
    const { container } = render(<FeatureVisTile layer="mixed4a" channel={1} generate={generate} />)
    fireEvent.click(playButton())
    fireEvent.click(cancelButton())
    expect(runs[0].options.signal.aborted).toBe(true)
    expect(tileState(container)).toBe('empty')
    await act(async () => runs[0].resolve(image(9)))
    expect(tileState(container)).toBe('empty')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('aborts on unmount and when the channel changes', () => {
    const { generate, runs } = manualGenerator()
    const { rerender, unmount } = render(<FeatureVisTile layer="mixed4a" channel={1} generate={generate} />)
    fireEvent.click(playButton())
    rerender(<FeatureVisTile layer="mixed4a" channel={2} generate={generate} />)
    expect(runs[0].options.signal.aborted).toBe(true)
    expect(screen.queryByRole('progressbar')).toBeNull()
    fireEvent.click(playButton())
    expect(runs[1].channel).toBe(2)
    unmount()
    expect(runs[1].options.signal.aborted).toBe(true)
  })

  it('shows an error in place, but not an abort', async () => {
    const { generate, runs } = manualGenerator()
    render(<FeatureVisTile layer="mixed4a" channel={1} generate={generate} />)
    fireEvent.click(playButton())
    await act(async () => runs[0].reject(new Error('Layer mixed4a has no gradient on wasm.')))
    expect(screen.getByRole('alert').textContent).toBe('Layer mixed4a has no gradient on wasm.')
    // retry: the error goes away while running; an AbortError from the generator is not an error
    fireEvent.click(playButton())
    expect(screen.queryByRole('alert')).toBeNull()
    await act(async () => runs[1].reject(new DOMException('Feature visualization cancelled.', 'AbortError')))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('switches between naive pixel and decorrelated parameterisations, keeping an image for each', async () => {
    const { generate, runs } = manualGenerator()
    const { container } = render(<FeatureVisTile layer="mixed4a" channel={5} generate={generate} decorrelated="laplacian" />)
    fireEvent.click(playButton())
    expect(runs[0].options.parameterization).toBe('laplacian')
    await act(async () => runs[0].resolve(image(1)))
    fireEvent.click(screen.getByLabelText('Naive parameterization'))
    expect(tileState(container)).toBe('empty') // nothing generated for 'pixel' yet
    fireEvent.click(playButton())
    expect(runs[1].options.parameterization).toBe('pixel')
    await act(async () => runs[1].resolve(image(2)))
    expect(screen.getByRole('img', { name: /\(pixel\)/ })).toBeTruthy()
    fireEvent.click(screen.getByLabelText('Naive parameterization'))
    expect(screen.getByRole('img', { name: /\(laplacian\)/ })).toBeTruthy()
    expect(generate).toHaveBeenCalledTimes(2)
  })

  it('shows a precomputed image until the user generates one, and says when it fails to load', async () => {
    const { generate, runs } = manualGenerator()
    const { container, rerender } = render(<FeatureVisTile layer="mixed4a" channel={3} generate={generate} precomputed="/fv/mixed4a/3.png" />)
    const img = screen.getByRole('img', { name: /Precomputed/ }) as HTMLImageElement
    expect(img.getAttribute('src')).toBe('/fv/mixed4a/3.png')
    expect(tileState(container)).toBe('precomputed')
    fireEvent.click(playButton())
    await act(async () => runs[0].resolve(image(3)))
    expect(screen.queryByRole('img', { name: /Precomputed/ })).toBeNull()
    expect(tileState(container)).toBe('generated')

    rerender(<FeatureVisTile layer="mixed4a" channel={4} precomputed="/fv/mixed4a/4.png" />)
    fireEvent.error(screen.getByRole('img', { name: /Precomputed/ }))
    expect(screen.getByText('precomputed image failed to load')).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull() // no generator, no play button
  })

  it('shows an atlas tile scaled to the tile, under its own parameterisation only, saying when it does not raise its channel', () => {
    // channel 6 of a 64×48 atlas of 10 px tiles in 16 px cells, shown at 40 px: scale 4
    const tile = { url: '/zoo/featurevis/mixed3a.jpg', tile: { x: 32, y: 16, size: 10, atlasWidth: 64, atlasHeight: 48 }, parameterization: 'fourier' as const, responded: true }
    const { container, rerender } = render(<FeatureVisTile layer="mixed3a" channel={6} precomputed={tile} size={40} parameterization="fourier" />)
    const img = screen.getByRole('img', { name: /Precomputed/ }) as HTMLImageElement
    expect(img.getAttribute('src')).toBe('/zoo/featurevis/mixed3a.jpg')
    expect([img.style.left, img.style.top, img.style.width, img.style.height]).toEqual(['-128px', '-64px', '256px', '192px'])
    expect(screen.queryByRole('status')).toBeNull()
    rerender(<FeatureVisTile layer="mixed3a" channel={6} precomputed={{ ...tile, responded: false }} size={40} parameterization="fourier" />)
    expect(screen.getByRole('status').textContent).toBe('This image does not raise its channel')
    // a decorrelated image is not passed off as a naive one
    rerender(<FeatureVisTile layer="mixed3a" channel={6} precomputed={tile} size={40} parameterization="pixel" />)
    expect(screen.queryByRole('img', { name: /Precomputed/ })).toBeNull()
    expect(tileState(container)).toBe('empty')
    expect(screen.getByText('No feature visualization')).toBeTruthy()
  })

  it('says in words when a run did not raise its channel, and not when it did', async () => {
    const { generate, runs } = manualGenerator()
    const { container } = render(<FeatureVisTile layer="mixed4c" channel={9} generate={generate} />)
    fireEvent.click(playButton())
    await act(async () => runs[0].resolve({ ...image(128), responded: false, objective: 0, startObjective: 0, layerMedian: 0.31 } as ImageLike))
    expect(tileState(container)).toBe('unresponsive')
    const note = screen.getByRole('status')
    expect(note.textContent).toMatch(/did not respond to optimisation/)
    expect(note.getAttribute('title')).toMatch(/response 0\.00 \(start 0\.00\).*median response 0\.310/)
    expect(screen.getByRole('img', { name: /Feature visualization \(fourier\)/ })).toBeTruthy() // the image is still there
    // a run that responded shows its image alone
    fireEvent.click(playButton())
    expect(screen.queryByRole('status')).toBeNull()
    await act(async () => runs[1].resolve({ ...image(40), responded: true } as ImageLike))
    expect(tileState(container)).toBe('generated')
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('is never silently blank: without an image it says there is none', () => {
    const { generate } = manualGenerator()
    const { rerender } = render(<FeatureVisTile layer="mixed4a" channel={2} generate={generate} />)
    expect(screen.getByText('No precomputed image: ▶ generates one')).toBeTruthy()
    rerender(<FeatureVisTile layer="mixed4a" channel={2} />)
    expect(screen.getByText('No feature visualization')).toBeTruthy()
    rerender(<FeatureVisTile layer="mixed4a" channel={2} precomputed="/fv/mixed4a/2.png" />)
    expect(screen.queryByText(/No (precomputed image|feature visualization)/)).toBeNull()
  })

  it('drops generated images when the reset key (model version) changes', async () => {
    const { generate, runs } = manualGenerator()
    const { container, rerender } = render(<FeatureVisTile layer="l" channel={0} generate={generate} resetKey="m@1" />)
    fireEvent.click(playButton())
    await act(async () => runs[0].resolve(image(4)))
    expect(tileState(container)).toBe('generated')
    rerender(<FeatureVisTile layer="l" channel={0} generate={(...args) => generate(...args)} resetKey="m@1" />)
    expect(tileState(container)).toBe('generated') // a new inline generator alone changes nothing
    rerender(<FeatureVisTile layer="l" channel={0} generate={generate} resetKey="m@2" />)
    expect(tileState(container)).toBe('empty')
  })
})

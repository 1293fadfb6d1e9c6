import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { setupFakeCanvas, testMaps } from '../testing/fakeCanvas'
import type { FeatureVisGenerator } from '../featurevis/types'
import { ActivationGrid, type ActivationGridRow } from './ActivationGrid'

const canvas = setupFakeCanvas()

const values = [[0, 1, 2, 3], [4, 5, 6, 7]]
const rows = (frameId = 10, generate?: FeatureVisGenerator): ActivationGridRow[] => [
  { id: 'model1', label: 'Model 1', color: '#1f5fa8', maps: testMaps([2, 9], 2, 2, values, 0.5), frameId, featureVis: generate ? { generate } : undefined },
  { id: 'model2', label: 'Model 2', color: '#6aaee6', maps: testMaps([2, 9], 2, 2, values, 2), frameId: 10, featureVis: generate ? { generate, decorrelated: 'laplacian' } : undefined },
]

const divisors = (row: HTMLElement) => Array.from(row.querySelectorAll('[data-divisor]')).map((e) => e.getAttribute('data-divisor'))
const rowOf = (label: string) => screen.getByRole('region', { name: `Activations of ${label}` })

describe('ActivationGrid', () => {
  it('draws one row per model in its colour, one map per channel, each normalised by its own layer by default', () => {
    render(<ActivationGrid rows={rows()} />)
    const row1 = rowOf('Model 1')
    const row2 = rowOf('Model 2')
    expect(row1.style.border).toBe('2px solid rgb(31, 95, 168)')
    expect(within(row1).getAllByRole('img').map((c) => c.getAttribute('aria-label'))).toEqual(['Activation map, Model 1, channel 2', 'Activation map, Model 1, channel 9'])
    expect(divisors(row1)).toEqual(['2', '2']) // 4 · 0.5
    expect(divisors(row2)).toEqual(['8', '8']) // 4 · 2
    expect(screen.getByRole('slider', { name: 'Act. normalization' }).getAttribute('aria-valuetext')).toBe('auto (4σ)')
  })

  it('applies one manual divisor to every map from the log10 slider, and back to automatic at 0', () => {
    const onChange = vi.fn()
    render(<ActivationGrid rows={rows()} onNormalizationChange={onChange} />)
    const slider = screen.getByRole('slider', { name: 'Act. normalization' })
    fireEvent.change(slider, { target: { value: '2' } })
    expect(onChange).toHaveBeenLastCalledWith(2)
    expect(divisors(rowOf('Model 1'))).toEqual(['100', '100'])
    expect(divisors(rowOf('Model 2'))).toEqual(['100', '100'])
    expect(screen.getByText('÷ 100')).toBeTruthy()
    // value 6 on channel 9 at (0, 1) → 6 / 100 → round(15.3) = 15
    const map = within(rowOf('Model 1')).getAllByRole('img')[1] as HTMLCanvasElement
    expect(Array.from(canvas.contextOf(map)!.painted!.subarray(8, 12))).toEqual([15, 0, 0, 255])
    fireEvent.click(screen.getByRole('button', { name: 'auto' }))
    expect(divisors(rowOf('Model 1'))).toEqual(['2', '2'])
  })

  it('keeps its canvases across results and dims a row whose result is older than the frame on screen', () => {
    const { rerender } = render(<ActivationGrid rows={rows(10)} currentFrameId={10} />)
    const before = screen.getAllByRole('img')
    rerender(<ActivationGrid rows={rows(9)} currentFrameId={12} />)
    const after = screen.getAllByRole('img')
    after.forEach((node, i) => expect(node).toBe(before[i]))
    expect(rowOf('Model 1').dataset.stale).toBe('true')
    expect(rowOf('Model 2').dataset.stale).toBe('true')
    expect(within(rowOf('Model 1')).getByText('showing frame 9')).toBeTruthy()
    rerender(<ActivationGrid rows={rows(12)} currentFrameId={12} />)
    expect(rowOf('Model 1').dataset.stale).toBeUndefined()
  })

  it('pairs each map with its feature visualization in one cell, sharing the naive toggle', () => {
    const generate = vi.fn<FeatureVisGenerator>(() => new Promise(() => {}))
    render(<ActivationGrid rows={rows(10, generate)} />)
    const cell = rowOf('Model 2').querySelector('figure[data-channel="9"]') as HTMLElement
    expect(within(cell).getByRole('img', { name: /Activation map, Model 2, channel 9/ })).toBeTruthy()
    fireEvent.click(within(cell).getByRole('button', { name: /Generate feature visualization of Model 2, mixed4a channel 9/ }))
    expect(generate.mock.calls[0].slice(0, 2)).toEqual(['mixed4a', 9])
    expect(generate.mock.calls[0][2].parameterization).toBe('laplacian')
    fireEvent.click(screen.getByLabelText('Naive parameterization'))
    const cell1 = rowOf('Model 1').querySelector('figure[data-channel="2"]') as HTMLElement
    fireEvent.click(within(cell1).getByRole('button', { name: /Generate/ }))
    expect(generate.mock.calls[1][2].parameterization).toBe('pixel')
  })

  it('shows a row error in place of the maps', () => {
    render(<ActivationGrid rows={[{ id: 'edited', label: 'Edited Model', color: '#e3b21c', error: 'Pruning failed: layer conv1 is missing.' }]} />)
    expect(within(rowOf('Edited Model')).getByRole('alert').textContent).toBe('Pruning failed: layer conv1 is missing.')
  })
})

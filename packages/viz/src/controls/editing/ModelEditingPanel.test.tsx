import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { pruneMask } from '@perturber/model-runtime/editing'
import { type EditState } from '@perturber/model-runtime'
import { ModelEditingPanel } from './ModelEditingPanel'
import { keptChannelCount, withMix, withPrune } from './modelEdits'

afterEach(cleanup)

const mixUnits = [
  { name: 'conv2d0', layers: ['conv2d0', 'conv2d0_bn'] },
  { name: 'mixed3a', layers: ['mixed3a/1x1', 'mixed3a/3x3'] },
  { name: 'softmax2', layers: ['softmax2'] },
]
const prunableLayers = [
  { name: 'conv2d0', outputChannels: 64 },
  { name: 'mixed3a/3x3', outputChannels: 10 },
]

function renderPanel(value: EditState, mode: 'mix' | 'prune', extra: { commit?: 'input' | 'release' } = {}) {
  const onChange = vi.fn<(value: EditState) => void>()
  const onModeChange = vi.fn()
  render(<ModelEditingPanel mode={mode} onModeChange={onModeChange} mixUnits={mixUnits} prunableLayers={prunableLayers} value={value} onChange={onChange} {...extra} />)
  return { onChange, onModeChange }
}

describe('keptChannelCount', () => {
  it('counts the ranks r_l·O ≤ n < r_u·O, like model-runtime pruneMask, for every range on a 0.01 grid', () => {
    for (const channels of [1, 7, 10, 24, 64]) {
      // distinct magnitudes in a scrambled order: the count must not depend on which channels are kept
      const magnitudes = Array.from({ length: channels }, (_, i) => ((i * 37) % 101) + i / 1000)
      for (let lower = 0; lower <= 100; lower += 3) {
        for (let upper = lower; upper <= 100; upper += 7) {
          const range: [number, number] = [lower / 100, upper / 100]
          const expected = pruneMask(magnitudes, range).filter(Boolean).length
          expect(keptChannelCount(range, channels), `O=${channels} [${range}]`).toBe(expected)
        }
      }
    }
  })

  it('keeps all at [0, 1], none at [a, a], and snaps r·O like the runtime (0.07 · 100 = 7)', () => {
    expect(keptChannelCount([0, 1], 64)).toBe(64)
    expect(keptChannelCount([0.5, 0.5], 64)).toBe(0)
    expect(keptChannelCount([0.07, 1], 100)).toBe(93)
    expect(keptChannelCount([0, 0.07], 100)).toBe(7)
    expect(keptChannelCount([0.25, 0.75], 10)).toBe(5) // ranks 3..7: ceil(2.5) = 3 ≤ n < 7.5
  })
})

describe('edit helpers', () => {
  it('leave defaults out, as EditState does, and keep other fields', () => {
    const state: EditState = { granularity: 'block', mix: { conv2d0: 0.5 }, prune: { conv2d0: [0.1, 0.9] } }
    expect(withMix(state, 'mixed3a', 0.25)).toEqual({ granularity: 'block', mix: { conv2d0: 0.5, mixed3a: 0.25 }, prune: { conv2d0: [0.1, 0.9] } })
    expect(withMix(state, 'conv2d0', 0)).toEqual({ granularity: 'block', mix: {}, prune: { conv2d0: [0.1, 0.9] } })
    expect(withPrune(state, 'conv2d0', [0, 1])).toEqual({ granularity: 'block', mix: { conv2d0: 0.5 }, prune: {} })
  })
})

describe('ModelEditingPanel, Mix mode', () => {
  it('has one slider per mixing unit from 0 (Model 1) to 1 (Model 2) showing each α', () => {
    renderPanel({ granularity: 'block', mix: { mixed3a: 0.4 }, prune: {} }, 'mix')
    const sliders = screen.getAllByRole('slider')
    expect(sliders.map((s) => s.getAttribute('aria-label') ?? (s as HTMLInputElement).labels?.[0]?.textContent)).toEqual(['conv2d0', 'mixed3a', 'softmax2'])
    const mixed3a = screen.getByRole('slider', { name: 'mixed3a' }) as HTMLInputElement
    expect([mixed3a.min, mixed3a.max, mixed3a.step, mixed3a.value]).toEqual(['0', '1', '0.01', '0.4'])
    expect((screen.getByRole('slider', { name: 'conv2d0' }) as HTMLInputElement).value).toBe('0')
  })

  it('reports a moved slider as the new edit state, and 0 as no entry', () => {
    const { onChange } = renderPanel({ granularity: 'block', mix: { mixed3a: 0.4 }, prune: { conv2d0: [0, 0.5] } }, 'mix')
    fireEvent.change(screen.getByRole('slider', { name: 'conv2d0' }), { target: { value: '0.75' } })
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: { mixed3a: 0.4, conv2d0: 0.75 }, prune: { conv2d0: [0, 0.5] } })
    fireEvent.change(screen.getByRole('slider', { name: 'mixed3a' }), { target: { value: '0' } })
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: {}, prune: { conv2d0: [0, 0.5] } })
  })

  it('resets one slider, or all mixing (pruning stays)', () => {
    const { onChange } = renderPanel({ granularity: 'block', mix: { mixed3a: 0.4, softmax2: 1 }, prune: { conv2d0: [0, 0.5] } }, 'mix')
    expect(screen.getByRole('button', { name: 'Reset conv2d0' })).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Reset softmax2' }))
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: { mixed3a: 0.4 }, prune: { conv2d0: [0, 0.5] } })
    fireEvent.click(screen.getByRole('button', { name: 'Reset all' }))
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: {}, prune: { conv2d0: [0, 0.5] } })
  })

  it('with commit="release" reports only when the thumb is let go', () => {
    const { onChange } = renderPanel({ granularity: 'block', mix: {}, prune: {} }, 'mix', { commit: 'release' })
    const slider = screen.getByRole('slider', { name: 'mixed3a' })
    fireEvent.change(slider, { target: { value: '0.3' } })
    fireEvent.change(slider, { target: { value: '0.6' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.pointerUp(slider)
    expect(onChange.mock.calls).toEqual([[{ granularity: 'block', mix: { mixed3a: 0.6 }, prune: {} }]])
  })

  it('switches mode through the Editing Mode menu', () => {
    const { onModeChange } = renderPanel({ granularity: 'block', mix: {}, prune: {} }, 'mix')
    fireEvent.change(screen.getByRole('combobox', { name: 'Editing Mode' }), { target: { value: 'prune' } })
    expect(onModeChange).toHaveBeenCalledWith('prune')
  })
})

describe('ModelEditingPanel, Prune mode', () => {
  it('has a two-thumb range per prunable layer with the kept channel count', () => {
    renderPanel({ granularity: 'block', mix: {}, prune: { 'mixed3a/3x3': [0.25, 0.75] } }, 'prune')
    const conv = screen.getByRole('group', { name: 'conv2d0' })
    const mixed = screen.getByRole('group', { name: 'mixed3a/3x3' })
    expect(within(conv).getAllByRole('slider').map((s) => (s as HTMLInputElement).value)).toEqual(['0', '1'])
    expect(within(conv).getByText('64/64')).toBeTruthy()
    expect((within(mixed).getByRole('slider', { name: 'mixed3a/3x3 lower bound' }) as HTMLInputElement).value).toBe('0.25')
    expect((within(mixed).getByRole('slider', { name: 'mixed3a/3x3 upper bound' }) as HTMLInputElement).value).toBe('0.75')
    expect(within(mixed).getByText('5/10')).toBeTruthy()
  })

  it('stops a thumb at the other one: the range never crosses', () => {
    const { onChange } = renderPanel({ granularity: 'block', mix: {}, prune: { conv2d0: [0.2, 0.6] } }, 'prune')
    fireEvent.change(screen.getByRole('slider', { name: 'conv2d0 lower bound' }), { target: { value: '0.9' } })
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: {}, prune: { conv2d0: [0.6, 0.6] } })
    fireEvent.change(screen.getByRole('slider', { name: 'conv2d0 upper bound' }), { target: { value: '0.1' } })
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: {}, prune: { conv2d0: [0.2, 0.2] } })
    fireEvent.change(screen.getByRole('slider', { name: 'conv2d0 lower bound' }), { target: { value: '0.35' } })
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: {}, prune: { conv2d0: [0.35, 0.6] } })
    // the controlled thumbs still show the stored range, not the rejected drag position
    expect((screen.getByRole('slider', { name: 'conv2d0 lower bound' }) as HTMLInputElement).value).toBe('0.2')
  })

  it('resets one layer to [0, 1] and all pruning (mixing stays)', () => {
    const { onChange } = renderPanel({ granularity: 'block', mix: { conv2d0: 1 }, prune: { conv2d0: [0.2, 0.6], 'mixed3a/3x3': [0, 0.5] } }, 'prune')
    fireEvent.click(screen.getByRole('button', { name: 'Reset conv2d0' }))
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: { conv2d0: 1 }, prune: { 'mixed3a/3x3': [0, 0.5] } })
    fireEvent.click(screen.getByRole('button', { name: 'Reset all' }))
    expect(onChange).toHaveBeenLastCalledWith({ granularity: 'block', mix: { conv2d0: 1 }, prune: {} })
  })
})

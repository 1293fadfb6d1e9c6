import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { modelColors } from '../modelColors'
import { CheckpointSlider } from './CheckpointSlider'
import { ModelSelector } from './ModelSelector'
import { ModelSlots } from './ModelSlots'
import type { AvailableModel } from './types'

afterEach(cleanup)

const models: AvailableModel[] = [
  { id: 'standard', name: 'Inception V1', variant: 'Standard' },
  { id: 'adv', name: 'Inception V1', variant: 'Adv. Trained', checkpoints: ['iteration 1', 'iteration 2', 'iteration 5', 'iteration 10'] },
]

describe('CheckpointSlider', () => {
  it('reports the checkpoint only when the pointer is released, not while dragging', () => {
    const onChange = vi.fn()
    render(<CheckpointSlider checkpoints={['a', 'b', 'c', 'd']} value={0} onChange={onChange} />)
    const slider = screen.getByRole('slider', { name: 'Checkpoint' })
    fireEvent.pointerDown(slider)
    fireEvent.change(slider, { target: { value: '1' } })
    fireEvent.change(slider, { target: { value: '3' } })
    fireEvent.change(slider, { target: { value: '2' } })
    expect(onChange).not.toHaveBeenCalled()
    // the draft is visible while dragging
    expect(slider).toHaveProperty('value', '2')
    expect(slider.getAttribute('aria-valuetext')).toBe('c')
    fireEvent.pointerUp(slider)
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange).toHaveBeenCalledWith(2)
  })

  it('reports on key up after arrow keys, once, and not when the value came back to where it was', () => {
    const onChange = vi.fn()
    const { rerender } = render(<CheckpointSlider checkpoints={['a', 'b', 'c', 'd']} value={1} onChange={onChange} />)
    const slider = screen.getByRole('slider', { name: 'Checkpoint' })
    fireEvent.keyDown(slider, { key: 'ArrowRight' })
    fireEvent.change(slider, { target: { value: '2' } })
    fireEvent.keyDown(slider, { key: 'ArrowRight' })
    fireEvent.change(slider, { target: { value: '3' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.keyUp(slider, { key: 'ArrowRight' })
    expect(onChange.mock.calls).toEqual([[3]])

    rerender(<CheckpointSlider checkpoints={['a', 'b', 'c', 'd']} value={3} onChange={onChange} />)
    fireEvent.change(slider, { target: { value: '1' } })
    fireEvent.change(slider, { target: { value: '3' } })
    fireEvent.pointerUp(slider)
    expect(onChange).toHaveBeenCalledTimes(1)
  })
})

describe('ModelSelector', () => {
  it('lists the models as "name (variant)" and reports a pick as a new slot value', () => {
    const onChange = vi.fn()
    render(<ModelSelector slot="model1" models={models} value={{ modelId: 'standard' }} onChange={onChange} />)
    const select = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement
    expect([...select.options].map((o) => o.text)).toEqual(['Inception V1 (Standard)', 'Inception V1 (Adv. Trained)'])
    fireEvent.change(select, { target: { value: 'adv' } })
    expect(onChange).toHaveBeenCalledWith({ modelId: 'adv' })
  })

  it('shows a checkpoint slider for a model with checkpoints, at the last one by default, committing on release', () => {
    const onChange = vi.fn()
    const { rerender } = render(<ModelSelector slot="model2" models={models} value={{ modelId: 'standard' }} onChange={onChange} />)
    expect(screen.queryByRole('slider', { name: 'Checkpoint' })).toBeNull()

    rerender(<ModelSelector slot="model2" models={models} value={{ modelId: 'adv' }} onChange={onChange} />)
    const slider = screen.getByRole('slider', { name: 'Checkpoint' })
    expect(slider).toHaveProperty('value', '3')
    expect(slider.getAttribute('max')).toBe('3')
    expect(slider.getAttribute('aria-valuetext')).toBe('iteration 10')
    fireEvent.change(slider, { target: { value: '1' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.pointerUp(slider)
    expect(onChange).toHaveBeenCalledWith({ modelId: 'adv', checkpoint: 1 })
  })

  it('"Load from URL…" asks for a URL and hands it over; the selection stays on the loaded model', () => {
    const onLoadUrl = vi.fn()
    const onChange = vi.fn()
    render(<ModelSelector slot="model1" models={models} value={{ modelId: 'standard' }} onChange={onChange} onLoadUrl={onLoadUrl} />)
    const select = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement
    fireEvent.change(select, { target: { value: '@load-url' } })
    expect(select.value).toBe('standard')
    const url = screen.getByRole('textbox', { name: 'Model 1 model.json URL' })
    fireEvent.change(url, { target: { value: '  https://example.org/m/model.json ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Load' }))
    expect(onLoadUrl).toHaveBeenCalledWith('https://example.org/m/model.json')
    expect(onChange).not.toHaveBeenCalled()
    expect(screen.queryByRole('textbox', { name: 'Model 1 model.json URL' })).toBeNull()
  })

  it('"Load files…" hands over the picked files', () => {
    const onLoadFiles = vi.fn()
    render(<ModelSelector slot="model1" models={models} value={{ modelId: 'standard' }} onChange={() => {}} onLoadFiles={onLoadFiles} />)
    const input = screen.getByLabelText('Model 1 model files') as HTMLInputElement
    const click = vi.spyOn(input, 'click')
    fireEvent.change(screen.getByRole('combobox', { name: 'Model' }), { target: { value: '@load-files' } })
    expect(click).toHaveBeenCalledTimes(1)
    const files = [new File(['{}'], 'model.json'), new File([new Uint8Array(8)], 'group1-shard1of1.bin')]
    fireEvent.change(input, { target: { files } })
    expect(onLoadFiles).toHaveBeenCalledWith(files)
  })

  it('shows loading progress and errors in place', () => {
    const { rerender } = render(
      <ModelSelector slot="model1" models={models} value={{ modelId: 'standard' }} onChange={() => {}} status={{ loading: { fraction: 0.4 } }} />,
    )
    const progress = screen.getByRole('progressbar', { name: 'Loading Model 1' }) as HTMLProgressElement
    expect(progress.value).toBeCloseTo(0.4)
    expect(screen.getByRole('status').textContent).toContain('40%')
    expect(screen.getByRole('group', { name: 'Model 1' }).getAttribute('aria-busy')).toBe('true')

    rerender(<ModelSelector slot="model1" models={models} value={{ modelId: 'standard' }} onChange={() => {}} status={{ error: 'model.json is not valid JSON.' }} />)
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getByRole('alert').textContent).toBe('model.json is not valid JSON.')
  })
})

describe('ModelSlots', () => {
  it('frames each slot in its colour and changes one slot at a time', () => {
    const onChange = vi.fn()
    const onLoadUrl = vi.fn()
    const value = { model1: { modelId: 'standard' }, model2: { modelId: 'adv', checkpoint: 2 } }
    render(<ModelSlots models={models} value={value} onChange={onChange} onLoadUrl={onLoadUrl} />)
    const slot1 = screen.getByRole('group', { name: 'Model 1' })
    const slot2 = screen.getByRole('group', { name: 'Model 2' })
    expect(slot1.style.getPropertyValue('--pz-slot-color')).toBe(modelColors.model1)
    expect(slot2.style.getPropertyValue('--pz-slot-color')).toBe(modelColors.model2)

    fireEvent.change(within(slot2).getByRole('combobox', { name: 'Model' }), { target: { value: 'standard' } })
    expect(onChange).toHaveBeenCalledWith({ model1: { modelId: 'standard' }, model2: { modelId: 'standard' } })

    fireEvent.change(within(slot2).getByRole('combobox', { name: 'Model' }), { target: { value: '@load-url' } })
    fireEvent.change(within(slot2).getByRole('textbox'), { target: { value: 'https://x.org/model.json' } })
    fireEvent.submit(within(slot2).getByRole('form'))
    expect(onLoadUrl).toHaveBeenCalledWith('model2', 'https://x.org/model.json')
  })
})

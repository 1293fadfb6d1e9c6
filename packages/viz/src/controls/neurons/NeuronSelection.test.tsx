import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { LayerSelector } from './LayerSelector'
import { NeuronGroupSelector } from './NeuronGroupSelector'
import { CHANNEL_INDEX_GROUP, TOP_ACTIVATING_GROUP, resolveNeuronChannels, type NeuronGroup } from './neuronSelection'

afterEach(cleanup)

const layers = [
  { name: 'conv2d0', block: 'conv2d0', channels: 64, shape: [112, 112, 64] as const, depth: 0 },
  { name: 'mixed3a/1x1', block: 'mixed3a', channels: 64, shape: [28, 28, 64] as const, depth: 1 },
  { name: 'mixed3a', block: 'mixed3a', channels: 256, shape: [28, 28, 256] as const, depth: 2 },
  { name: 'mixed4a', block: 'mixed4a', channels: 508, shape: [14, 14, 508] as const, depth: 3 },
]

describe('LayerSelector', () => {
  it('groups the layers by block in model order, with channel counts, and reports a pick', () => {
    const onChange = vi.fn()
    render(<LayerSelector layers={layers} value="mixed3a" onChange={onChange} />)
    const select = screen.getByRole('combobox', { name: 'Layer' }) as HTMLSelectElement
    const groups = [...select.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)])
    expect(groups).toEqual([
      ['conv2d0', ['conv2d0 (64 ch.)']],
      ['mixed3a', ['mixed3a/1x1 (64 ch.)', 'mixed3a (256 ch.)']],
      ['mixed4a', ['mixed4a (508 ch.)']],
    ])
    expect(select.value).toBe('mixed3a')
    fireEvent.change(select, { target: { value: 'mixed4a' } })
    expect(onChange).toHaveBeenCalledWith('mixed4a')
  })

  it('follows PerturberModel.blocks when given', () => {
    render(<LayerSelector layers={layers} blocks={[{ name: 'early', layers: ['conv2d0', 'mixed3a/1x1'] }, { name: 'late', layers: ['mixed3a', 'mixed4a'] }]} value="conv2d0" onChange={() => {}} />)
    const select = screen.getByRole('combobox', { name: 'Layer' })
    expect([...select.querySelectorAll('optgroup')].map((g) => `${g.label}:${g.childElementCount}`)).toEqual(['early:2', 'late:2'])
  })
})

const groups: NeuronGroup[] = [
  { id: 'curves', name: 'Curve detectors', channels: [379, 385, 343, 342, 388, 340, 330, 349, 324] },
  { id: 'fur', name: 'Fur', channels: [222, 7] },
]

describe('resolveNeuronChannels', () => {
  it('takes the first `count` channels of the group that exist in the layer', () => {
    expect(resolveNeuronChannels({ group: 'curves', count: 3 }, { groups })).toEqual([379, 385, 343])
    expect(resolveNeuronChannels({ group: 'curves', count: 8 }, { groups, layerChannels: 380 })).toEqual([379, 343, 342, 340, 330, 349, 324])
    expect(resolveNeuronChannels({ group: TOP_ACTIVATING_GROUP, count: 2 }, { topChannels: [17, 4, 9] })).toEqual([17, 4])
    expect(resolveNeuronChannels({ group: CHANNEL_INDEX_GROUP, count: 4, start: 62 }, { layerChannels: 64 })).toEqual([62, 63])
    expect(resolveNeuronChannels({ group: 'curves', count: 12 }, { groups })).toHaveLength(8)
    expect(resolveNeuronChannels({ group: 'unknown', count: 4 }, { groups })).toEqual([])
  })
})

describe('NeuronGroupSelector', () => {
  it('offers the automatic top-activating group, the shipped groups and channels by index', () => {
    const onChange = vi.fn()
    render(<NeuronGroupSelector value={{ group: TOP_ACTIVATING_GROUP, count: 4 }} onChange={onChange} groups={groups} topChannels={[12, 400, 3, 77, 5]} layerChannels={508} />)
    const select = screen.getByRole('combobox', { name: 'Neurons' }) as HTMLSelectElement
    expect([...select.options].map((o) => o.text)).toEqual(['Top-activating on this frame', 'Curve detectors (9)', 'Fur (2)', 'By channel index'])
    expect(screen.getByText('Channels 12, 400, 3, 77')).toBeTruthy()
    fireEvent.change(select, { target: { value: 'fur' } })
    expect(onChange).toHaveBeenCalledWith({ group: 'fur', count: 4 })
  })

  it('says when the top channels have not arrived yet', () => {
    render(<NeuronGroupSelector value={{ group: TOP_ACTIVATING_GROUP, count: 4 }} onChange={() => {}} />)
    expect(screen.getByText('Top channels appear with the next frame.')).toBeTruthy()
  })

  it('sets the number of neurons on a 1–8 slider, four by default', () => {
    const onChange = vi.fn()
    render(<NeuronGroupSelector value={{ group: 'curves', count: 6 }} onChange={onChange} groups={groups} />)
    const count = screen.getByRole('slider', { name: '# of Neurons' }) as HTMLInputElement
    expect([count.min, count.max, count.step, count.value]).toEqual(['1', '8', '1', '6'])
    expect(screen.getByText('Channels 379, 385, 343, 342, 388, 340')).toBeTruthy()
    fireEvent.change(count, { target: { value: '2' } })
    expect(onChange).toHaveBeenLastCalledWith({ group: 'curves', count: 2 })
    fireEvent.click(screen.getByRole('button', { name: 'Reset # of Neurons' }))
    expect(onChange).toHaveBeenLastCalledWith({ group: 'curves', count: 4 })
  })

  it('picks consecutive channels from a typed first channel, within the layer', () => {
    const onChange = vi.fn()
    render(<NeuronGroupSelector value={{ group: CHANNEL_INDEX_GROUP, count: 3, start: 10 }} onChange={onChange} layerChannels={64} />)
    expect(screen.getByText('Channels 10, 11, 12')).toBeTruthy()
    const start = screen.getByRole('spinbutton', { name: 'First channel' })
    fireEvent.change(start, { target: { value: '412' } })
    expect(onChange).toHaveBeenLastCalledWith({ group: CHANNEL_INDEX_GROUP, count: 3, start: 63 })
    fireEvent.change(start, { target: { value: '41' } })
    expect(onChange).toHaveBeenLastCalledWith({ group: CHANNEL_INDEX_GROUP, count: 3, start: 41 })
  })

  it('offers the host’s automatic groups after the top channels, with their channels, status and own controls while selected', () => {
    const onChange = vi.fn()
    const automatic = [
      { id: '@changed', label: 'Changed most since the reference', channels: [9, 4, 300, 2, 8], status: 'Reference pinned.', controls: <button type="button">Pin reference</button> },
      { id: '@relevant', label: 'Most relevant to a class', status: 'Computing…' },
    ]
    const { rerender } = render(<NeuronGroupSelector value={{ group: '@changed', count: 3 }} onChange={onChange} groups={groups} automatic={automatic} layerChannels={301} />)
    const select = screen.getByRole('combobox', { name: 'Neurons' }) as HTMLSelectElement
    expect([...select.options].map((o) => o.text)).toEqual(['Top-activating on this frame', 'Changed most since the reference', 'Most relevant to a class', 'Curve detectors (9)', 'Fur (2)', 'By channel index'])
    expect(select.value).toBe('@changed')
    expect(screen.getByText('Channels 9, 4, 300 · Reference pinned.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Pin reference' })).toBeTruthy()
    fireEvent.change(select, { target: { value: '@relevant' } })
    expect(onChange).toHaveBeenLastCalledWith({ group: '@relevant', count: 3 })

    // no channels yet: the status says why; another group's controls are not shown
    rerender(<NeuronGroupSelector value={{ group: '@relevant', count: 3 }} onChange={onChange} groups={groups} automatic={automatic} layerChannels={301} />)
    expect(screen.getByText('Computing…')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Pin reference' })).toBeNull()
    // without the host's groups, an automatic id reads as a group the layer lacks
    rerender(<NeuronGroupSelector value={{ group: '@relevant', count: 3 }} onChange={onChange} groups={groups} />)
    expect(screen.getByRole('option', { name: '@relevant (not in this layer)' })).toBeTruthy()
  })
})

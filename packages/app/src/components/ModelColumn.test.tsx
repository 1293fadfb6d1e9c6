import * as tf from '@tensorflow/tfjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { loadModel } from '@perturber/model-runtime/load'
import { type PerturberModel } from '@perturber/model-runtime'
import { TOP_ACTIVATING_GROUP } from '@perturber/viz'
import { ModelColumn, type ModelColumnProps } from './ModelColumn'
import { inferenceRequests, topChannelsOf } from '../session/inferenceRequests'
import { defaultViews } from '../state/appState'

/** A real (tiny, untrained) layers model: conv_a (6 channels) → conv_b (9 channels) → 3 logits. */
function tinyNet(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed })
  const input = tf.input({ shape: [8, 8, 3] })
  const a = tf.layers.conv2d({ name: 'conv_a', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor
  const b = tf.layers.conv2d({ name: 'conv_b', filters: 9, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }).apply(a) as tf.SymbolicTensor
  const pooled = tf.layers.globalAveragePooling2d({}).apply(b) as tf.SymbolicTensor
  const logits = tf.layers.dense({ units: 3, kernelInitializer: init(3) }).apply(pooled) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits })
}

let model: PerturberModel

beforeAll(async () => {
  await tf.setBackend('cpu')
  // as a zoo descriptor.json would ship them
  const neuronGroups = { conv_b: [{ name: 'Cat channels', channels: [7, 2, 5] }, { id: 'edges', name: 'Edges', channels: [0, 8] }] }
  model = await loadModel(tinyNet(), { descriptor: { name: 'tiny', neuronGroups } })
})
afterAll(() => model.dispose())
afterEach(cleanup)

function column(overrides: Partial<ModelColumnProps>) {
  const props: ModelColumnProps = {
    available: [],
    slots: { model1: { modelId: null }, model2: { modelId: null } },
    onSlotsChange: () => {},
    slotStatus: { model1: {}, model2: {} },
    onLoadUrl: () => {},
    onLoadFiles: () => {},
    model1: model,
    layer: 'conv_b',
    onLayerChange: () => {},
    neurons: { group: '@top', count: 4 },
    onNeuronsChange: () => {},
    activations: null,
    inferenceError: null,
    editing: null,
    edits: { mix: {}, prune: {} },
    onEditsChange: () => {},
    editingMode: 'mix',
    onEditingModeChange: () => {},
    ...overrides,
  }
  return <ModelColumn {...props} />
}

describe('named neuron groups from Model 1’s descriptor', () => {
  it('are offered in the neuron selector for their layer, and picking one selects it by id', () => {
    const picked: unknown[] = []
    const { rerender } = render(column({ onNeuronsChange: (value) => picked.push(value) }))
    const select = screen.getByLabelText('Neurons') as HTMLSelectElement
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Top-activating on this frame', 'Cat channels (3)', 'Edges (2)', 'By channel index'])
    fireEvent.change(select, { target: { value: 'cat-channels' } })
    expect(picked).toEqual([{ group: 'cat-channels', count: 4 }])

    rerender(column({ neurons: { group: 'cat-channels', count: 4 } }))
    expect(screen.getByText('Channels 7, 2, 5')).toBeTruthy()
    // another layer ships no groups: the selection says so instead of guessing channels
    rerender(column({ neurons: { group: 'cat-channels', count: 4 }, layer: 'conv_a' }))
    expect(Array.from((screen.getByLabelText('Neurons') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      'Top-activating on this frame',
      'By channel index',
      'cat-channels (not in this layer)',
    ])
    expect(screen.getByText('No channels in this group for this layer.')).toBeTruthy()
  })

  it('decide the channels every shown model is asked for', () => {
    const shown = [{ role: 'model1' as const, model }, { role: 'edited' as const, model }]
    const requests = (count: number) => inferenceRequests(shown, 'conv_b', { group: 'cat-channels', count }, defaultViews)
    expect(requests(4).map((r) => [r.layer, r.channels, r.predictions])).toEqual([
      ['conv_b', [7, 2, 5], true],
      ['conv_b', [7, 2, 5], true],
    ])
    expect(requests(2).map((r) => r.channels)).toEqual([[7, 2], [7, 2]])
  })

  it("ask the runtime for Model 1's top channels of the frame itself, so a new result does not change the requests", () => {
    const shown = [{ role: 'model1' as const, model }, { role: 'edited' as const, model }]
    const neurons = { group: TOP_ACTIVATING_GROUP, count: 12 }
    const before = inferenceRequests(shown, 'conv_b', neurons, defaultViews)
    expect(before.map((r) => [r.channels, r.topChannels])).toEqual([
      // count clamped to 8; the reference (here both rows: the same model) also reports its top channels for the selector
      [{ top: 8, of: model }, 8],
      [{ top: 8, of: model }, 8],
    ])
    const result = { frameId: 1, elapsedMs: 1, models: [{ modelId: model.id, modelVersion: 0, activations: { layer: 'conv_b', shape: [2, 2, 9] as const, channels: [3, 1], data: new Float32Array(8), layerMean: 0, layerStd: 1, topChannels: [3, 1, 4] } }] }
    const topChannels = topChannelsOf(result, shown, 'conv_b')
    expect(topChannels).toEqual([3, 1, 4])
    expect(inferenceRequests(shown, 'conv_b', neurons, defaultViews, topChannels)).toEqual(before) // equal requests: the scheduler does not re-run the frame
  })
})

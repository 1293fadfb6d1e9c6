import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo, useState } from 'react'
import { ActivationGrid, type ActivationGridRow } from './ActivationGrid'
import { fakeGenerator, precomputedUrl, syntheticMaps } from '../stories/fixtures'
import { modelColors, modelRoleLabels } from '../controls/modelColors'

type Args = { channels: number; featureVis: boolean; animate: boolean; staleModel2: boolean; cellSize: number }

const allChannels = [412, 418, 97, 233, 55, 301, 17, 8]

/**
 * Three models' maps of the same channels (synthetic data). "animate" replaces the data every
 * frame to show in-place repainting; "featureVis" adds tiles with a stand-in generator (Model 1
 * also has "precomputed" images).
 */
function ActivationGridStory({ channels: count, featureVis, animate, staleModel2, cellSize }: Args) {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (!animate) return
    let id = requestAnimationFrame(function loop() {
      setTick((t) => t + 1)
      id = requestAnimationFrame(loop)
    })
    return () => cancelAnimationFrame(id)
  }, [animate])
  const channels = allChannels.slice(0, count)
  const precomputed = useMemo(() => {
    const urls = new Map(allChannels.map((c) => [c, precomputedUrl(c)]))
    return { image: (_layer: string, channel: number) => urls.get(channel) }
  }, [])
  const generate = useMemo(() => fakeGenerator(), [])
  const seed = Math.floor(tick / 3) + 1
  const rows: ActivationGridRow[] = [
    { id: 'model1', label: modelRoleLabels.model1, color: modelColors.model1, maps: syntheticMaps({ channels, seed }), frameId: tick, featureVis: featureVis ? { generate, precomputed } : undefined },
    { id: 'model2', label: modelRoleLabels.model2, color: modelColors.model2, maps: syntheticMaps({ channels, seed: seed + 100, gain: 3 }), frameId: staleModel2 ? tick - 3 : tick, featureVis: featureVis ? { generate } : undefined },
    { id: 'edited', label: modelRoleLabels.edited, color: modelColors.edited, maps: syntheticMaps({ channels, seed: seed + 200, gain: 0.5 }), frameId: tick, featureVis: featureVis ? { generate, decorrelated: 'laplacian' } : undefined },
  ]
  return <ActivationGrid rows={rows} currentFrameId={tick} cellSize={cellSize} />
}

const meta: Meta<Args> = {
  title: 'Viz/ActivationGrid',
  component: ActivationGridStory,
  args: { channels: 4, featureVis: true, animate: false, staleModel2: false, cellSize: 96 },
  argTypes: {
    channels: { control: { type: 'range', min: 1, max: 8, step: 1 }, description: 'number of neurons shown' },
    cellSize: { control: { type: 'range', min: 48, max: 160, step: 8 } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The neuron view: one row per model, framed in its slot colour; each cell pairs a live activation map with the channel\'s feature visualization. With the default normalisation each model is divided by its own layer\'s 4σ; a manual divisor (slider > 0) compares absolute magnitudes across models (Model 2 has 3× larger activations here).\n\n```tsx\n<ActivationGrid\n  currentFrameId={frameId}\n  rows={[{ id: "m1", label: "Model 1", color: "#1f5fa8", maps: result.models[0].activations, frameId: result.frameId,\n           featureVis: { generate: (layer, channel, o) => runtime.featureVis(model, layer, channel, { ...o, steps: 128 }) } }]}\n/>\n```',
      },
    },
  },
}
export default meta

export const ThreeModels: StoryObj<Args> = {}
export const Live: StoryObj<Args> = { name: 'Live updates (synthetic, every frame)', args: { animate: true, featureVis: false } }
export const StaleModel: StoryObj<Args> = { name: 'Model 2 behind the scene', args: { staleModel2: true, animate: true } }
export const EightNeurons: StoryObj<Args> = { args: { channels: 8, cellSize: 64, featureVis: false } }

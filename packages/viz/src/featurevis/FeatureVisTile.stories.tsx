import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo, useState } from 'react'
import type { PrecomputedFeatureVis } from '@perturber/model-runtime'
import { fetchDescriptor } from '@perturber/model-runtime/load'
import { FeatureVisTile } from './FeatureVisTile'
import { fakeGenerator, precomputedUrl } from '../stories/fixtures'

type Args = { channel: number; precomputed: boolean; fail: boolean; unresponsive: boolean; steps: number; msPerStep: number; size: number; decorrelated: 'fourier' | 'laplacian' }

/**
 * One feature-visualization tile with a stand-in generator (synthetic stripes, not a network: see
 * "Live: untrained CNN" for runtime.featureVis on a real model). Press play; press again to cancel.
 * While it runs the tile shows the time left; a run that did not raise its channel says so.
 */
function FeatureVisTileStory({ channel, precomputed, fail, unresponsive, steps, msPerStep, size, decorrelated }: Args) {
  const generate = useMemo(
    () => fakeGenerator({ steps, msPerStep, unresponsive, fail: fail ? 'WebGL ran out of memory while optimising mixed4a:412.' : undefined }),
    [steps, msPerStep, unresponsive, fail],
  )
  const url = useMemo(() => (precomputed ? precomputedUrl(channel) : undefined), [precomputed, channel])
  return <FeatureVisTile layer="mixed4a" channel={channel} generate={generate} precomputed={url} size={size} decorrelated={decorrelated} />
}

const meta: Meta<Args> = {
  title: 'Viz/FeatureVisTile',
  component: FeatureVisTileStory,
  args: { channel: 412, precomputed: false, fail: false, unresponsive: false, steps: 128, msPerStep: 15, size: 128, decorrelated: 'fourier' },
  argTypes: {
    steps: { control: { type: 'range', min: 8, max: 512, step: 8 } },
    msPerStep: { control: { type: 'range', min: 5, max: 500, step: 5 } },
    size: { control: { type: 'range', min: 48, max: 256, step: 8 } },
    decorrelated: { control: 'inline-radio', options: ['fourier', 'laplacian'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Plays `generate(layer, channel, { parameterization, signal, onProgress })` on demand; its shape is `runtime.featureVis` with the model bound, so it works for any model, the edited one included:\n\n```tsx\n<FeatureVisTile layer="mixed4a" channel={412}\n  generate={(layer, channel, o) => runtime.featureVis(model, layer, channel, { ...o, steps: 256 })}\n  precomputed={model.descriptor.featureVisualizations?.image("mixed4a", 412)} />\n```',
      },
    },
  },
}
export default meta

export const PlayButton: StoryObj<Args> = {}
export const WithPrecomputedImage: StoryObj<Args> = { args: { precomputed: true } }
export const GenerationFails: StoryObj<Args> = { args: { fail: true } }
/** Slow steps: the tile estimates the time left ("≈ 38 s left"). */
export const TimeLeft: StoryObj<Args> = { args: { msPerStep: 300 } }
/** The run ends without raising its channel (pruned or dead): the tile says so over the flat image. */
export const ChannelDidNotRespond: StoryObj<Args> = { args: { unresponsive: true, steps: 32 } }

/**
 * The zoo's shipped images (`npm run zoo`, tools/zoo/feature_vis.py): `descriptor.json`'s
 * `featureVisualizations` names one JPEG atlas per layer; each tile is cut out of it, so a layer's
 * channels cost one download. No generator here: the tile shows the shipped image alone.
 */
export const ZooAtlasTiles: StoryObj<{ layer: string; first: number; size: number }> = {
  args: { layer: 'mixed4a', first: 0, size: 96 },
  argTypes: {
    layer: { control: 'select', options: ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c'] },
    first: { control: { type: 'range', min: 0, max: 184, step: 8 } },
    size: { control: { type: 'range', min: 48, max: 192, step: 8 } },
  },
  render: function ZooAtlasTilesStory({ layer, first, size }) {
    const [shipped, setShipped] = useState<PrecomputedFeatureVis | null>(null)
    const [error, setError] = useState<string | null>(null)
    useEffect(() => {
      fetchDescriptor('./perturber-zoo/standard/descriptor.json').then(
        (d) => setShipped(d.featureVisualizations ?? null),
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      )
    }, [])
    if (error) return <p role="alert">{error}</p>
    const channels = Array.from({ length: 8 }, (_, i) => first + i).filter((c) => shipped?.layers?.[layer] === undefined || c < shipped.layers[layer])
    return (
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', font: '12px system-ui, sans-serif' }}>
        {channels.map((channel) => (
          <figure key={channel} style={{ margin: 0, textAlign: 'center' }}>
            <FeatureVisTile layer={layer} channel={channel} precomputed={shipped?.image(layer, channel)} size={size} label="ZooNet standard" showParameterizationToggle={false} />
            <figcaption>
              {layer}:{channel}
            </figcaption>
          </figure>
        ))}
      </div>
    )
  },
}

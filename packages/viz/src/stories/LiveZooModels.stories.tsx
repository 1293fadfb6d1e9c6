import type { Meta, StoryObj } from '@storybook/react-vite'
import type { ModelRuntime } from '@perturber/model-runtime'
import { LiveModelsDemo, liveDemoArgTypes } from './LiveModelsDemo'
import { loadZooModels, zooLayers, type ZooVariant } from './zooModels'

type Args = { model2: Exclude<ZooVariant, 'standard'>; layer: (typeof zooLayers)[number]; neurons: number; values: 'logits' | 'probabilities'; shapeMorph: number; yaw: number }

// one loader per Model 2 choice, made once: the demo reloads its models when the loader changes
const loaders = {
  adversarial: (runtime: ModelRuntime) => loadZooModels(runtime, ['standard', 'adversarial']),
  stylized: (runtime: ModelRuntime) => loadZooModels(runtime, ['standard', 'stylized']),
}

/**
 * The live data flow on the embedded default models: ZooNet trained on this very scene
 * (models/perturber-zoo, `npm run zoo`), standard vs adversarially trained (or stylized) — the
 * scene → `runtime.createScheduler` → both models → activation maps, feature visualizations and
 * top-5 over the ten scene classes. Morph the shape or orbit the camera and watch them disagree.
 */
const meta: Meta<Args> = {
  title: 'Viz/Live: zoo models on the scene',
  render: ({ model2, ...args }) => (
    <LiveModelsDemo {...args} load={loaders[model2]} note="Models: ZooNet from the embedded model zoo (112 px, ten scene classes)." />
  ),
  args: { model2: 'adversarial', layer: 'mixed3b', neurons: 4, values: 'probabilities', shapeMorph: 0, yaw: 0 },
  argTypes: {
    model2: { control: 'inline-radio', options: ['adversarial', 'stylized'], description: 'the zoo variant compared with the standard model' },
    layer: { control: 'select', options: [...zooLayers] },
    ...liveDemoArgTypes,
  },
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'The widgets on real trained networks: the embedded model zoo (served from models/ by Storybook). Without the zoo the story says how to build it; "Viz/Live: untrained CNN on the scene" needs no files.',
      },
    },
  },
}
export default meta

export const StandardVsAdversarial: StoryObj<Args> = { name: 'Standard vs adversarial (zoo)' }
export const StandardVsStylized: StoryObj<Args> = { name: 'Standard vs stylized (zoo)', args: { model2: 'stylized' } }

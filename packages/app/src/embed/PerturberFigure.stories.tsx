import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useRef } from 'react'
import { wasmPaths } from '../site/wasmPaths'
import { PerturberFigure } from './PerturberFigure'
import { definePerturberFigure } from './PerturberFigureElement'

/** The embedded model zoo: Storybook serves the repository's models/ folder at its root (.storybook/main.ts). */
const ZOO = './perturber-zoo/index.json'

const TEXTURE_VS_SHAPE = JSON.stringify({
  scene: { object: { kind: 'builtin', id: 'dog-cat' }, params: { yaw: 0 } },
  models: { model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'stylized' } },
})

const ATTACK = JSON.stringify({
  scene: { chain: [{ id: 'adversarial-overlay', enabled: true, params: { attackAlpha: 0 } }] },
  models: { model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'adversarial' } },
  attack: { model: 'model1', target: null, norm: 'linf', epsilon: 8 / 255 },
})

const REACT_SNIPPET = `\`\`\`tsx
import { PerturberFigure } from '@perturber/app'

<PerturberFigure
  models="/perturber-zoo/index.json" // a zoo index.json or a model.json URL
  controls="textureMorph shapeMorph" // the sliders
  // the app's state: an AppState, a link, the text after #state=, or JSON (whole or partial)
  state={JSON.stringify({
    scene: { params: { yaw: 0 } },
    models: { model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'stylized' } },
  })}
  runtimeOptions={{ wasmPaths: '/tfjs-wasm/' }} // where your bundler serves TF.js' .wasm files
/>
\`\`\``

const HTML_SNIPPET = `\`\`\`html
<!-- perturber-embed.js and assets/ from the built site (npm run build → packages/app/dist-site) -->
<script type="module" src="perturber-embed.js"></script>

<perturber-figure models="perturber-zoo/index.json" controls="adversarial-overlay.attackAlpha" attack-steps="10">
  <script type="application/json">
    { "scene": { "chain": [{ "id": "adversarial-overlay", "enabled": true, "params": { "attackAlpha": 0 } }] },
      "models": { "model1": { "kind": "config", "id": "standard" }, "model2": { "kind": "config", "id": "adversarial" } } }
  </script>
  <p>Shown until the figure has loaded (and without JavaScript).</p>
</perturber-figure>
\`\`\``

type Args = {
  models: string
  state: string
  view: string
  controls: string
  attackSteps: number
}

const meta: Meta<Args> = {
  title: 'App/Figure',
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component: `A live figure for a paper or an interactive article: the scene, a few sliders and the predictions of one or two models for one state (the app's state, as its links hold it). Every figure on a page shares one model runtime, one copy of each model and one WebGL context; a broken attribute or model shows its error inside the figure.\n\nReact:\n\n${REACT_SNIPPET}\n\nPlain HTML, no build step (the custom element from the pre-built bundle):\n\n${HTML_SNIPPET}`,
      },
    },
  },
  args: { models: ZOO, state: TEXTURE_VS_SHAPE, view: '', controls: 'textureMorph shapeMorph', attackSteps: 0 },
  argTypes: {
    models: { control: 'text', description: "a model zoo's index.json or a TF.js model.json URL" },
    state: { control: 'text', description: "the app's state: a link, the text after #state=, or JSON (whole or partial)" },
    view: { control: 'text', description: 'parts: scene controls predictions activations (empty: the default)' },
    controls: { control: 'text', description: 'sliders: scene parameters (textureMorph) or perturbationId.param' },
    attackSteps: { control: { type: 'number', min: 0, max: 50 }, description: 'PGD steps on state.attack.model, taken on their own' },
  },
  render: ({ models, state, view, controls, attackSteps }) => (
    <PerturberFigure models={models} state={state} view={view} controls={controls} attackSteps={attackSteps} runtimeOptions={{ wasmPaths }} style={{ maxWidth: 900 }} />
  ),
}
export default meta

type Story = StoryObj<typeof meta>

/** Texture Morph paints the cat's fur on the dog: the standard model follows the texture, the stylized one the shape. */
export const TextureVsShape: Story = {}

/** Ten PGD steps on the standard model; Attack Alpha fades δ in. The adversarially trained model keeps its answer. */
export const AdversarialAttack: Story = {
  args: { state: ATTACK, controls: 'adversarial-overlay.attackAlpha', attackSteps: 10 },
}

/** The neuron view too: the activation maps of the middle layer for both models. */
export const WithActivations: Story = {
  args: { view: 'scene controls predictions activations', controls: 'textureMorph' },
}

/** A malformed state is reported inside the figure, naming the field at fault. */
export const BrokenState: Story = {
  args: { state: '{"attack": {"norm": "l3"}}' },
}

/** The custom element of the embed bundle, as a plain HTML page uses it (defined here from source). */
export const CustomElement: Story = {
  render: ({ models, controls }) => <ElementDemo models={models} controls={controls} state={TEXTURE_VS_SHAPE} />,
}

function ElementDemo({ models, controls, state }: { models: string; controls: string; state: string }) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    definePerturberFigure({ runtimeOptions: { wasmPaths } })
    const figure = document.createElement('perturber-figure')
    figure.setAttribute('models', models)
    figure.setAttribute('controls', controls)
    figure.setAttribute('state', state)
    host.current?.replaceChildren(figure)
    return () => figure.remove()
  }, [models, controls, state])
  return <div ref={host} style={{ maxWidth: 900 }} />
}

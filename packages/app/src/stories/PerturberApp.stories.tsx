import type { Meta, StoryObj } from '@storybook/react-vite'
import { PerturberApp } from '../components/PerturberApp'
import type { AppModelConfig } from '../config'
import { loadModelIndex, zooInitialState } from '../modelIndex'
import { defaultAppState, type AppState } from '../state/appState'
import { wasmPaths } from '../site/wasmPaths'

/** The embedded model zoo: Storybook serves the repository's models/ folder at its root (.storybook/main.ts). */
const ZOO_INDEX = './perturber-zoo/index.json'

interface Zoo {
  models: AppModelConfig[]
  /** why the zoo is not offered, or undefined */
  notice?: string
}

async function loadZoo(): Promise<Zoo> {
  try {
    const index = await loadModelIndex(ZOO_INDEX)
    if (index && index.models.length > 0) return { models: index.models }
    return { models: [], notice: 'No default models: models/perturber-zoo/index.json was not found (built by `npm run zoo`). Load a TF.js image classifier into Model 1 by URL or from files.' }
  } catch (e) {
    return { models: [], notice: `The model zoo's index could not be read (${e instanceof Error ? e.message : String(e)}). Load a model by URL or from files instead.` }
  }
}

/**
 * The whole Perturber tool on the embedded default models: the model zoo's ZooNet trained on the
 * scene itself, Model 1 = standard, Model 2 = adversarially trained (pick stylized or another
 * checkpoint in the slots). Set `modelUrl` to load any other TF.js image classifier (a model.json)
 * into Model 1 instead; "Load from URL…" and "Load files…" in the slots work too.
 *
 * ```tsx
 * import { PerturberApp, loadModelIndex, zooInitialState } from '@perturber/app'
 *
 * const zoo = await loadModelIndex('./perturber-zoo/index.json')
 * <PerturberApp models={zoo.models} initialState={zooInitialState(zoo.models)} runtimeOptions={{ wasmPaths: '/tfjs-wasm/' }} />
 * ```
 */
const meta: Meta<{ modelUrl: string }> = {
  title: 'App/Perturber',
  parameters: { layout: 'fullscreen' },
  args: { modelUrl: '' },
  argTypes: { modelUrl: { control: 'text', description: 'a model.json URL offered as "Model from URL" and loaded into Model 1 instead of the zoo’s standard model' } },
  // the index is read before the first render, so the app starts with its models chosen
  loaders: [async () => ({ zoo: await loadZoo() })],
  render: ({ modelUrl }, { loaded }) => {
    const zoo = loaded.zoo as Zoo
    const custom: AppModelConfig[] = modelUrl ? [{ id: 'story-model', name: 'Model from URL', url: modelUrl }] : []
    const initialState: AppState = modelUrl ? defaultAppState({ kind: 'config', id: 'story-model' }) : zooInitialState(zoo.models)
    return (
      <PerturberApp
        // a new model list starts a fresh app (the URL box in the slots works without it)
        key={modelUrl}
        models={[...custom, ...zoo.models]}
        initialState={initialState}
        notice={modelUrl ? undefined : zoo.notice}
        // Storybook owns the page URL: the state is kept in the component only
        syncUrl={false}
        runtimeOptions={{ wasmPaths }}
      />
    )
  },
}
export default meta

export const Perturber: StoryObj<typeof meta> = {}

import type { Meta, StoryObj } from '@storybook/react-vite'
import { PerturberApp } from '../components/PerturberApp'
import { wasmPaths } from '../site/wasmPaths'

/**
 * The whole Perturber tool. No trained model ships with the repository yet, so no model is
 * preselected: load any TF.js image classifier into Model 1 with "Load from URL…" (a model.json,
 * e.g. a TF.js MobileNet) or "Load files…" (model.json plus its weight files). Pass `modelUrl` to
 * offer one model in the pickers and load it into Model 1.
 *
 * ```tsx
 * import { PerturberApp } from '@perturber/app'
 *
 * <PerturberApp
 *   models={[{ id: 'mobilenet', name: 'MobileNet v1', url: '/models/mobilenet/model.json' }]}
 *   runtimeOptions={{ wasmPaths: '/tfjs-wasm/' }}
 * />
 * ```
 */
const meta: Meta<{ modelUrl: string }> = {
  title: 'App/Perturber',
  parameters: { layout: 'fullscreen' },
  args: { modelUrl: '' },
  argTypes: { modelUrl: { control: 'text', description: 'a model.json URL offered as "Model from URL" and loaded into Model 1' } },
  render: ({ modelUrl }) => (
    <PerturberApp
      // a new model list starts a fresh app (the URL box in the slots works without it)
      key={modelUrl}
      models={modelUrl ? [{ id: 'story-model', name: 'Model from URL', url: modelUrl }] : []}
      notice={modelUrl ? undefined : 'No model is preselected: load a TF.js image classifier into Model 1 by URL or from files.'}
      // Storybook owns the page URL: the state is kept in the component only
      syncUrl={false}
      runtimeOptions={{ wasmPaths }}
    />
  ),
}
export default meta

export const Perturber: StoryObj<typeof meta> = {}

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PerturberApp } from '../components/PerturberApp'
import { loadModelIndex, zooInitialState } from '../modelIndex'
import type { AppModelConfig } from '../config'
import { wasmPaths } from './wasmPaths'

/** The model zoo's index, next to the site (models/ is the site's public folder). */
const ZOO_INDEX = './perturber-zoo/index.json'

const NO_ZOO =
  'No default models: models/perturber-zoo/index.json was not found (the model zoo is built by `npm run zoo`). ' +
  'Load any TF.js image classifier into Model 1: pick "Load from URL…" (a model.json) or "Load files…" (model.json with its weight files).'

async function main() {
  const root = createRoot(document.getElementById('root')!)
  let models: AppModelConfig[] = []
  let notice: string | undefined
  try {
    const index = await loadModelIndex(ZOO_INDEX)
    if (index && index.models.length > 0) models = index.models
    else notice = NO_ZOO
  } catch (e) {
    notice = `The model zoo's index could not be read (${e instanceof Error ? e.message : String(e)}). Load a model by URL or from files instead.`
  }
  root.render(
    <StrictMode>
      {/* a link's state wins; a fresh visit opens on the zoo's comparison (standard vs adversarial) */}
      <PerturberApp models={models} initialState={zooInitialState(models)} notice={notice} runtimeOptions={{ wasmPaths }} />
    </StrictMode>,
  )
}

void main()

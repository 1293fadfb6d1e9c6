import { afterAll, beforeAll } from 'vitest'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { createRenderer } from './gpu'
import { wasmPaths } from './wasm'

/** Where vitest.config.ts serves the model zoo's index. */
export const ZOO_INDEX = '/models/perturber-zoo/index.json'

/** A session on the zoo pair (Model 1 standard, Model 2 adversarial) with its own scene renderer; filled in by beforeAll. */
export interface ZooSession {
  session: PerturberSession
  scene: SceneRenderer
}

/**
 * Sets up (beforeAll: loaded, attached and evaluated once, after `prepare` changed the scene) and
 * tears down (afterAll) a zoo session at `size`² px, as a test file's fixture.
 */
export function useZooSession(size = 112, prepare?: (session: PerturberSession) => void): ZooSession {
  const fixture = {} as ZooSession
  let release: (() => void) | undefined
  let detach: (() => void) | undefined
  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    fixture.session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths } })
    release = fixture.session.retain()
    fixture.scene = new SceneRenderer(createRenderer(), { width: size, height: size })
    detach = fixture.session.attachRenderer(fixture.scene)
    prepare?.(fixture.session)
    await fixture.session.evaluate()
  })
  afterAll(() => {
    detach?.()
    release?.()
    fixture.scene?.dispose()
  })
  return fixture
}

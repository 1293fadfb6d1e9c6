import type { SceneStore } from '@perturber/scene'
import type { PerturbationControlsValue } from '@perturber/viz'

type SceneControls = Pick<PerturbationControlsValue, 'params' | 'chain'>

/** Writes what `PerturbationControls` changed (scene parameters, the perturbation chain) into a scene store. */
export function applySceneControls(scene: SceneStore, current: SceneControls, next: SceneControls): void {
  const state = scene.getState()
  if (next.params !== current.params) state.setParams(next.params)
  if (next.chain !== current.chain) state.setChain([...next.chain])
}

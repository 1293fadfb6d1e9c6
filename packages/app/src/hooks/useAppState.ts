import { useCallback, useMemo, useState } from 'react'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { createSceneStore, getSnapshot, type SceneStore } from '@perturber/scene'
import { defaultAppState, type AppState } from '../state/appState'
import { stateFromHash } from '../state/urlHash'

/** The app's own state: everything but the scene, which lives in the scene store (hot state). */
export type AppControls = Omit<AppState, 'scene'>

export interface AppStateOptions {
  /** the state to start from (default: the defaults, with `firstModel` in Model 1) */
  initialState?: AppState
  /** id of the configured model that a fresh app loads into Model 1 */
  firstModel?: string
  /** read the state from `location.hash` when it has one */
  fromUrl: boolean
  sceneStore?: SceneStore
  registry?: PerturbationRegistry
}

export interface AppStateHandle {
  controls: AppControls
  setControls(update: (controls: AppControls) => AppControls): void
  scene: SceneStore
  /** the whole state now (scene snapshot included) */
  getState(): AppState
  /** why the link's state was not restored, or null */
  urlError: string | null
}

/** Creates the app's state once: from the URL when it holds one, else from `initialState` / defaults. */
export function useAppState({ initialState, firstModel, fromUrl, sceneStore, registry }: AppStateOptions): AppStateHandle {
  const [initial] = useState(() => {
    const fallback = initialState ?? defaultAppState(firstModel ? { kind: 'config', id: firstModel } : null)
    if (!fromUrl || typeof location === 'undefined') return { state: fallback, error: null, fromHash: false }
    const decoded = stateFromHash(location.hash, fallback, registry)
    return { ...decoded, fromHash: decoded.state !== fallback }
  })
  const scene = useMemo(() => {
    if (!sceneStore) return createSceneStore(initial.state.scene, registry)
    if (initial.fromHash || initialState) sceneStore.getState().restore(initial.state.scene)
    return sceneStore
    // created once, like the initial state
  }, [])
  const [controls, setControlsState] = useState<AppControls>(() => {
    const { scene: _scene, ...rest } = initial.state
    return rest
  })
  const setControls = useCallback((update: (c: AppControls) => AppControls) => setControlsState(update), [])
  const getState = useCallback((): AppState => ({ scene: getSnapshot(scene), ...controls }), [scene, controls])
  return { controls, setControls, scene, getState, urlError: initial.error }
}

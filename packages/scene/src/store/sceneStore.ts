import { createStore, type StoreApi } from 'zustand/vanilla'
import { defaultChain, type PerturbationError, type PerturbationRegistry, type PerturbationState } from '@perturber/perturbations'
import { defaultSceneParams, sanitizeSceneParams, sceneParamSpecs, type BackgroundSource, type ObjectSource, type SceneParamName, type SceneParams } from '../params'

/**
 * Everything that defines what the scene shows, as serialisable data. It lives in a vanilla
 * zustand store outside React (hot state: sliders update it at pointer rate) and is the one
 * source of truth for the renderer, the controls, URLs and saved experiments.
 */
export interface SceneSnapshot {
  params: SceneParams
  chain: PerturbationState[]
  object: ObjectSource
  background: BackgroundSource
}

/** The parts of the scene that load (and fail) on their own. */
export type SceneLoadPart = 'object' | 'background'

export interface SceneStatus {
  /** custom-GLSL compile errors; those passes are bypassed */
  perturbationErrors: readonly PerturbationError[]
  /** every current load failure in words (`loadErrors`' messages, one a line); null when there is none */
  loadError: string | null
  /** the current failure of each part (object or background, uploads included): kept until a load of that part succeeds */
  loadErrors: Readonly<Partial<Record<SceneLoadPart, string>>>
  /** what is loading right now, for progress indication */
  loading: string | null
}

export interface SceneState extends SceneSnapshot, SceneStatus {
  setParam(name: SceneParamName, value: number): void
  setParams(params: Partial<SceneParams>): void
  resetParam(name: SceneParamName): void
  setChain(chain: PerturbationState[]): void
  updatePerturbation(id: string, patch: Partial<Omit<PerturbationState, 'id'>>): void
  setObject(object: ObjectSource): void
  setBackground(background: BackgroundSource): void
  /** replaces the whole snapshot (e.g. from a URL), sanitising numbers */
  restore(snapshot: Partial<SceneSnapshot>): void
  setStatus(status: Partial<SceneStatus>): void
  /** records (or, with null, clears) one part's load failure; `loadError` then says every current one */
  setLoadError(part: SceneLoadPart, message: string | null): void
}

export type SceneStore = StoreApi<SceneState>

const LOAD_PARTS: readonly SceneLoadPart[] = ['object', 'background']

export const defaultSnapshot = (registry?: PerturbationRegistry): SceneSnapshot => ({
  params: { ...defaultSceneParams },
  chain: defaultChain(registry),
  object: { kind: 'builtin', id: 'dog-cat' },
  background: { kind: 'hdri', id: 'park' },
})

export function createSceneStore(initial: Partial<SceneSnapshot> = {}, registry?: PerturbationRegistry): SceneStore {
  const base = defaultSnapshot(registry)
  return createStore<SceneState>()((set, get) => ({
    ...base,
    ...initial,
    params: sanitizeSceneParams({ ...base.params, ...initial.params }),
    perturbationErrors: [],
    loadError: null,
    loadErrors: {},
    loading: null,
    setParam: (name, value) => set({ params: sanitizeSceneParams({ ...get().params, [name]: value }) }),
    setParams: (params) => set({ params: sanitizeSceneParams({ ...get().params, ...params }) }),
    resetParam: (name) => set({ params: { ...get().params, [name]: sceneParamSpecs.find((s) => s.name === name)!.default } }),
    setChain: (chain) => set({ chain }),
    updatePerturbation: (id, patch) =>
      set({ chain: get().chain.map((s) => (s.id === id ? { ...s, ...patch, params: { ...s.params, ...patch.params } } : s)) }),
    setObject: (object) => set({ object }),
    setBackground: (background) => set({ background }),
    restore: (snapshot) =>
      set({
        ...snapshot,
        params: sanitizeSceneParams({ ...get().params, ...snapshot.params }),
      }),
    setStatus: (status) => set(status),
    setLoadError: (part, message) => {
      const loadErrors = { ...get().loadErrors }
      if (message === null) delete loadErrors[part]
      else loadErrors[part] = message
      const lines = LOAD_PARTS.map((p) => loadErrors[p]).filter((m): m is string => m !== undefined)
      set({ loadErrors, loadError: lines.length > 0 ? lines.join('\n') : null })
    },
  }))
}

/** The serialisable part of the state. */
export function getSnapshot(store: SceneStore): SceneSnapshot {
  const { params, chain, object, background } = store.getState()
  return { params, chain, object, background }
}

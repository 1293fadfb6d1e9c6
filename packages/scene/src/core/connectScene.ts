import type { SceneState, SceneStore } from '../store/sceneStore'
import type { MorphableObject } from '../objects/types'
import { SceneContent } from './SceneContent'
import type { SceneRenderer } from './SceneRenderer'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Keeps a SceneRenderer in sync with a scene store. Loads are asynchronous and the latest
 * request wins; a failed load reports `loadError` and puts the store back to what the renderer
 * still shows, so the user's scene is never left half-changed.
 */
export function connectScene(renderer: SceneRenderer, store: SceneStore, content: SceneContent = new SceneContent()): () => void {
  let objectToken = 0
  let backgroundToken = 0
  let shownObject: SceneState['object'] | null = null
  let shownBackground: SceneState['background'] | null = null
  const pending = new Set<string>()
  const setPending = (what: string, on: boolean, extra: Partial<SceneState> = {}) => {
    if (on) pending.add(what)
    else pending.delete(what)
    store.getState().setStatus({ loading: pending.size ? [...pending].join(', ') : null, ...extra })
  }

  const applyChain = (s: SceneState) => {
    const errors = renderer.setChain(s.chain)
    if (errors.length || s.perturbationErrors.length) store.getState().setStatus({ perturbationErrors: errors })
  }

  const applyObject = async (source: SceneState['object']) => {
    const token = ++objectToken
    setPending('object', true)
    try {
      const data = await content.object(source)
      if (token !== objectToken) return
      if (source.kind === 'feature-vis') renderer.setFeatureVisImage(data as never)
      else {
        renderer.setFeatureVisImage(null)
        renderer.setObject(data as MorphableObject)
      }
      shownObject = source
      setPending('object', false, { loadError: null })
    } catch (e) {
      if (token !== objectToken) return
      setPending('object', false, { loadError: message(e) })
      if (shownObject) store.getState().setObject(shownObject)
    }
  }

  const applyBackground = async (source: SceneState['background']) => {
    const token = ++backgroundToken
    setPending('background', true)
    try {
      const background = await content.background(source)
      if (token !== backgroundToken) return
      renderer.setBackground(background)
      shownBackground = source
      setPending('background', false, { loadError: null })
    } catch (e) {
      if (token !== backgroundToken) return
      setPending('background', false, { loadError: message(e) })
      if (shownBackground) store.getState().setBackground(shownBackground)
    }
  }

  const initial = store.getState()
  renderer.setParams(initial.params)
  applyChain(initial)
  void applyObject(initial.object)
  void applyBackground(initial.background)

  return store.subscribe((s, prev) => {
    if (s.params !== prev.params) renderer.setParams(s.params)
    if (s.chain !== prev.chain) applyChain(s)
    if (s.object !== prev.object && s.object !== shownObject) void applyObject(s.object)
    if (s.background !== prev.background && s.background !== shownBackground) void applyBackground(s.background)
  })
}

/** Resolves once no object or background load is pending (for tests and screenshots). */
export function whenSceneLoaded(store: SceneStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => store.getState().loading === null
    if (check()) return resolve()
    const unsub = store.subscribe(() => {
      if (check()) {
        unsub()
        resolve()
      }
    })
  })
}

import { defaultSnapshot, type SceneState, type SceneStore } from '../store/sceneStore'
import type { MorphableObject, RgbaImage } from '../objects/types'
import { SceneContent } from './SceneContent'
import type { SceneRenderer } from './SceneRenderer'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** What the user called the source: a built-in id, a file name, a colour. */
function nameOf(source: SceneState['object'] | SceneState['background']): string {
  if (typeof source !== 'object' || source === null) return String(source)
  const name = source.kind === 'builtin' || source.kind === 'hdri' ? source.id : source.kind === 'feature-vis' ? source.label : source.kind === 'solid' ? source.color : source.name
  const text = String(name)
  return text.length > 80 ? text.slice(0, 80) + '…' : text
}

/** "the dog ↔ cat", or "the crate" for an object that morphs into itself. */
const describeObject = (object: MorphableObject) => `the ${object.labels[0] === object.labels[1] ? object.labels[0] : `${object.labels[0]} ↔ ${object.labels[1]}`}`

/** Shown when the first background cannot be loaded; the renderer starts with it anyway. */
const FALLBACK_BACKGROUND = { kind: 'solid', color: '#808080' } as const satisfies SceneState['background']

/**
 * Keeps a SceneRenderer in sync with a scene store. Loads are asynchronous and the latest
 * request wins. A failed load reports itself in `loadErrors` (and so `loadError`) until a load
 * of the same part succeeds, and puts the store back to what the renderer still shows, so the
 * user's scene is never left half-changed. When the very first object (or background) fails,
 * nothing is shown yet: the default object (a grey background) is shown instead, and the
 * message says so — the models never silently classify a scene nobody asked for.
 */
export function connectScene(renderer: SceneRenderer, store: SceneStore, content: SceneContent = new SceneContent()): () => void {
  let objectToken = 0
  let backgroundToken = 0
  let shownObject: SceneState['object'] | null = null
  let shownBackground: SceneState['background'] | null = null
  const pending = new Set<string>()
  const setPending = (what: string, on: boolean) => {
    if (on) pending.add(what)
    else pending.delete(what)
    store.getState().setStatus({ loading: pending.size ? [...pending].join(', ') : null })
  }

  /** A load of `part` ended: its error (null: it succeeded) is recorded, then it stops pending. */
  const settle = (part: 'object' | 'background', error: string | null) => {
    store.getState().setLoadError(part, error)
    setPending(part, false)
  }

  const applyChain = (s: SceneState) => {
    const errors = renderer.setChain(s.chain)
    if (errors.length || s.perturbationErrors.length) store.getState().setStatus({ perturbationErrors: errors })
  }

  const showObject = (source: SceneState['object'], data: MorphableObject | RgbaImage) => {
    if (source.kind === 'feature-vis') renderer.setFeatureVisImage(data as RgbaImage)
    else {
      renderer.setFeatureVisImage(null)
      renderer.setObject(data as MorphableObject)
    }
    shownObject = source
  }

  const applyObject = async (source: SceneState['object']) => {
    const token = ++objectToken
    setPending('object', true)
    try {
      const data = await content.object(source)
      if (token !== objectToken) return
      showObject(source, data)
      settle('object', null)
    } catch (e) {
      if (token !== objectToken) return
      const failed = `The object "${nameOf(source)}" could not be loaded (${message(e)})`
      if (shownObject) {
        settle('object', `${failed}.`)
        store.getState().setObject(shownObject)
        return
      }
      const fallback = defaultSnapshot().object
      let shown: MorphableObject | null = null
      try {
        if (source?.kind !== fallback.kind || nameOf(source) !== nameOf(fallback)) shown = (await content.object(fallback)) as MorphableObject
      } catch {
        // the default object failed too: nothing to show, the message says why
      }
      if (token !== objectToken) return
      if (shown) showObject(fallback, shown)
      settle('object', shown ? `${failed}; showing ${describeObject(shown)} instead.` : `${failed}.`)
      if (shown) store.getState().setObject(fallback)
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
      settle('background', null)
    } catch (e) {
      if (token !== backgroundToken) return
      const failed = `The background "${nameOf(source)}" could not be loaded (${message(e)})`
      if (shownBackground) {
        settle('background', `${failed}.`)
        store.getState().setBackground(shownBackground)
        return
      }
      renderer.setBackground({ kind: 'solid', color: FALLBACK_BACKGROUND.color })
      shownBackground = FALLBACK_BACKGROUND
      settle('background', `${failed}; showing a plain grey background instead.`)
      store.getState().setBackground(FALLBACK_BACKGROUND)
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

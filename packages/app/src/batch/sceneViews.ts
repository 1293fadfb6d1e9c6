import { mulberry32 } from '@perturber/perturbations/authoring'
import { BUILTIN_OBJECT_IDS } from '@perturber/scene'
import { builtinObjectLabels, type BuiltinObjectId } from '@perturber/scene/objects'
import type { ObjectSource, SceneParams } from '@perturber/scene'
import type { PerturberSession } from '../session/PerturberSession'
import type { BatchRender } from './images'

/** How many views of each end of the pair one batch may render. */
export const SCENE_VIEW_LIMITS = Object.freeze({ perEnd: 500 })

/**
 * The random camera of scene views: the zoo data generator's ranges (tools/zoo/render/sampleConfig.ts),
 * so that rendered views of a built-in pair look like the zoo's test split of that pair.
 */
export const SCENE_VIEW_CAMERA = Object.freeze({ yaw: [-180, 180], pitch: [-10, 40], distance: [2.8, 4.4] } as const)

export interface SceneViewOptions {
  /** views of each end of each morph pair (default 20) */
  perEnd?: number
  /** seed of the random cameras (default 1): the same seed renders the same views */
  seed?: number
  /** `'current'` (default): the scene's object pair; `'all'`: every built-in pair in turn, a zoo-like split of all ten classes */
  objects?: 'current' | 'all'
}

/** Scene views as batch inputs, and how to give the user's object back once the batch is over. */
export interface SceneViews {
  inputs: BatchRender[]
  /** shows the object the scene had when the views were chosen (call when the batch has finished, however it ended) */
  restore(): void
}

/**
 * Views of the scene's object pair — or of every built-in pair, `objects: 'all'` — as batch
 * inputs: `perEnd` random cameras (yaw, pitch, dolly drawn from `seed`) of each end, labelled with
 * the end's name for built-in pairs (`dog`, `cat`, …: the zoo's class names) and unlabelled for
 * uploads. Every other scene parameter is the live one at the time of the call; perturbations are
 * off (the batch's settings add them). Nothing is rendered here: each view renders beside the live
 * frame (`renderSample`) when the batch reaches it (showing its pair first, for `'all'`), so memory
 * stays at one image and the page stays responsive. A view whose object or background was changed
 * by someone else meanwhile is skipped with that reason, never evaluated under a wrong label.
 */
export function sceneViews(session: PerturberSession, options: SceneViewOptions = {}): SceneViews {
  const perEnd = options.perEnd ?? 20
  const seed = options.seed ?? 1
  if (!(Number.isInteger(perEnd) && perEnd >= 1 && perEnd <= SCENE_VIEW_LIMITS.perEnd)) throw new RangeError(`Views of each end: expected a whole number from 1 to ${SCENE_VIEW_LIMITS.perEnd}, got ${Number.isFinite(perEnd) ? perEnd : 'none'}.`)
  if (!Number.isInteger(seed)) throw new RangeError(`Seed: expected a whole number, got ${Number.isFinite(seed) ? seed : 'none'}.`)
  const { params, chain, object: userObject, background } = session.scene.getState()
  const pairs: ObjectSource[] = options.objects === 'all' ? BUILTIN_OBJECT_IDS.map((id) => ({ kind: 'builtin', id })) : [userObject]
  const off = chain.map((s) => ({ ...s, enabled: false }))
  const random = mulberry32(seed)
  const between = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * random()
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  /** what the views last showed: anything else means the user changed the scene */
  let shown: ObjectSource = userObject
  const show = async (object: ObjectSource) => {
    const now = session.scene.getState()
    if (!same(now.object, shown) || !same(now.background, background)) throw new Error('the scene’s object or background changed after the views were chosen')
    if (!same(object, shown)) {
      shown = object
      now.setObject(object)
      await session.settled()
    }
  }
  const inputs: BatchRender[] = []
  for (const object of pairs) {
    const labels = objectLabels(object)
    for (let i = 0; i < perEnd; i++) {
      for (const end of [0, 1] as const) {
        const view: SceneParams = { ...params, overallMorph: 0, shapeMorph: end, textureMorph: end, yaw: between(SCENE_VIEW_CAMERA.yaw), pitch: between(SCENE_VIEW_CAMERA.pitch), distance: between(SCENE_VIEW_CAMERA.distance), panX: 0, panY: 0, roll: 0 }
        inputs.push({
          name: `${labels?.[end] ?? `end ${end + 1}`}/view-${String(i + 1).padStart(3, '0')}`,
          label: labels?.[end],
          render: async () => {
            await show(object)
            const renderer = session.frames.renderer()
            if (!renderer) throw new Error('the scene is not rendering')
            return { width: renderer.width, height: renderer.height, data: renderer.renderSample({ params: view, chain: off }) }
          },
        })
      }
    }
  }
  const restore = () => {
    const now = session.scene.getState()
    // only what the views showed goes back: an object the user picked meanwhile stays
    if (same(now.object, shown) && !same(shown, userObject)) now.setObject(userObject)
    shown = userObject
  }
  return { inputs, restore }
}

/** The names of a built-in pair's ends (the zoo's class names); null for uploads and images. */
function objectLabels(object: ObjectSource): readonly [string, string] | null {
  return object.kind === 'builtin' ? (builtinObjectLabels[object.id as BuiltinObjectId] ?? null) : null
}

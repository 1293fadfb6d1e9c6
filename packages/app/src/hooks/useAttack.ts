import { useCallback, useEffect, useRef, useState } from 'react'
import { DataTexture, FloatType, RGBAFormat } from 'three'
import { encodeOverlayTexture, type ModelRuntime, type PerturberModel, type RuntimeAttack } from '@perturber/model-runtime'
import { ADVERSARIAL_TEXTURE, defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import type { SceneState, SceneStore } from '@perturber/scene'
import { modelRoleLabels, toPgdOptions, type AttackSettings, type AttackStatus, type ModelRole } from '@perturber/viz'
import type { SceneFrames } from './useSceneFrames'

/** The registry id of the overlay that adds the attack's δ to the frame. */
export const ADVERSARIAL_OVERLAY_ID = 'adversarial-overlay'

interface ActiveAttack {
  attack: RuntimeAttack
  /** the model and settings it was started with */
  key: string
  /** the clean scene it was started on ({@link cleanSceneKey}) */
  sceneKey: string
}

/**
 * Changes whenever the clean frame changes: everything in the scene but the attack overlay's own
 * settings (which only show δ, and which the attack itself switches on).
 */
export function cleanSceneKey(state: Pick<SceneState, 'params' | 'object' | 'background' | 'chain'>): string {
  return JSON.stringify([state.params, state.object, state.background, state.chain.filter((s) => s.id !== ADVERSARIAL_OVERLAY_ID)])
}

/**
 * The "PGD step" button: the first step starts a `runtime.createAttack` on the clean frame for the
 * chosen model, later steps continue it; δ goes to the scene's adversarial overlay (enabled on the
 * first step). Changing the scene (other than the overlay), the model or the settings starts over.
 * The scene is watched through its store, not through renders, so that a moving camera does not
 * re-render whoever uses this hook.
 */
export function useAttack(
  runtime: ModelRuntime | null,
  models: Partial<Record<ModelRole, PerturberModel | null>>,
  settings: AttackSettings,
  scene: SceneStore,
  frames: SceneFrames,
  /**
   * optional: a key that changes whenever the clean frame changes, as callers that render on
   * every scene change can pass; the hook watches the scene store for such changes in any case
   */
  sceneKey?: string,
  registry: PerturbationRegistry = defaultRegistry,
): { status: AttackStatus; step(): void; reset(): void } {
  const [status, setStatus] = useState<AttackStatus>({})
  const active = useRef<ActiveAttack | null>(null)
  const texture = useRef<DataTexture | null>(null)
  const busy = useRef(false)
  const model = models[settings.model] ?? null
  const key = `${model?.id}@${model?.version}|${JSON.stringify(settings)}|${sceneKey ?? ''}`

  const clear = useCallback(() => {
    const current = active.current
    active.current = null
    if (current) void current.attack.dispose()
    frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, null)
    texture.current?.dispose()
    texture.current = null
  }, [frames])

  // anything that changes the attack's definition (or the caller's scene key) starts over
  useEffect(() => {
    if (active.current && active.current.key !== key) {
      clear()
      setStatus({})
    }
  }, [key, clear])
  // and so does anything that changes the clean frame
  useEffect(
    () =>
      scene.subscribe((next, previous) => {
        if (!active.current) return
        if (next.params === previous.params && next.object === previous.object && next.background === previous.background && next.chain === previous.chain) return
        if (cleanSceneKey(next) === active.current.sceneKey) return
        clear()
        setStatus({})
      }),
    [scene, clear],
  )
  useEffect(() => clear, [clear])

  // Compile the attack's gradient shaders while the user looks, not on the first "PGD step"
  // click (seconds on a GPU); the runtime does it once per model. Not with software gradients:
  // there the warm-up costs as much as a step and would freeze the live view as long.
  useEffect(() => {
    if (!runtime || !model || runtime.plan.softwareGradients) return
    let cancelled = false
    const start = () => {
      const renderer = frames.renderer()
      if (cancelled || !renderer) return
      void runtime.prepareAttacks(model, renderer.width, renderer.height).catch(() => {
        // a failed warm-up only means the first step compiles; the step reports real errors
      })
    }
    const timer = setTimeout(() => whenIdle(start), WARM_UP_DELAY_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [runtime, model, frames])

  const step = useCallback(() => {
    if (busy.current) return
    if (!runtime || !model) return setStatus({ error: `Load ${modelRoleLabels[settings.model]} to attack it.` })
    busy.current = true
    setStatus((s) => ({ ...s, busy: true, error: null, message: active.current ? 'Stepping…' : 'Starting the attack (compiling gradients)…' }))
    const run = async () => {
      if (!active.current) {
        clear() // the attack starts from the clean frame, without a previous δ
        const frame = frames.readFrame()
        if (!frame) throw new Error('The scene has not rendered a frame yet.')
        const sceneKey = cleanSceneKey(scene.getState())
        active.current = { attack: await runtime.createAttack(model, frame, toPgdOptions(settings)), key, sceneKey }
      }
      const result = await active.current.attack.step()
      const { data, width, height } = encodeOverlayTexture(result.perturbation, result.width, result.height)
      const next = new DataTexture(data, width, height, RGBAFormat, FloatType)
      next.needsUpdate = true
      frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, next)
      texture.current?.dispose()
      texture.current = next
      enableOverlay(scene, registry)
      const percent = (p: number) => `${(p * 100).toFixed(1)}%`
      const top = result.top[0]?.name ?? '?'
      return { step: result.step, message: `Step ${result.step}: now "${top}"; original class ${percent(result.before.original)} → ${percent(result.after.original)}` }
    }
    run().then(
      (done) => setStatus({ busy: false, ...done }),
      (e: unknown) => setStatus({ busy: false, error: `The attack failed: ${e instanceof Error ? e.message : String(e)}` }),
    ).finally(() => {
      busy.current = false
    })
  }, [runtime, model, settings, key, frames, scene, registry, clear])

  const reset = useCallback(() => {
    if (busy.current) return
    clear()
    setStatus({})
  }, [clear])

  return { status, step, reset }
}

/** Lets the first frames and predictions of a newly loaded model come first. */
const WARM_UP_DELAY_MS = 1500

function whenIdle(task: () => void) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5000 })
  else setTimeout(task, 0)
}

function enableOverlay(scene: SceneStore, registry: PerturbationRegistry) {
  const { chain, updatePerturbation, setChain } = scene.getState()
  const overlay = chain.find((s) => s.id === ADVERSARIAL_OVERLAY_ID)
  if (!overlay) setChain([...chain, registry.defaultState(ADVERSARIAL_OVERLAY_ID, true)])
  else if (!overlay.enabled) updatePerturbation(ADVERSARIAL_OVERLAY_ID, { enabled: true })
}

import { DataTexture, FloatType, RGBAFormat } from 'three'
import { encodeOverlayTexture } from '@perturber/model-runtime/attacks'
import { type ModelRuntime, type PerturberModel, type RuntimeAttack } from '@perturber/model-runtime'
import { ADVERSARIAL_TEXTURE, adversarialOverlay, type PerturbationRegistry } from '@perturber/perturbations'
import type { SceneState, SceneStore } from '@perturber/scene'
import { modelRoleLabels, toPgdOptions, type AttackSettings, type AttackStatus } from '@perturber/viz'
import type { SceneFrameFeed } from './sceneFrames'

/**
 * Changes whenever the clean frame changes: everything in the scene but the attack overlay's own
 * settings (which only show δ, and which the attack itself switches on).
 */
function cleanSceneKey(state: Pick<SceneState, 'params' | 'object' | 'background' | 'chain'>): string {
  return JSON.stringify([state.params, state.object, state.background, state.chain.filter((s) => s.id !== adversarialOverlay.id)])
}

interface ActiveAttack {
  attack: RuntimeAttack
  /** the model and settings it was started with */
  key: string
  /** the clean scene it was started on */
  sceneKey: string
}

/** Lets the first frames and predictions of a newly loaded model come first. */
const WARM_UP_DELAY_MS = 1500

/**
 * The "PGD step" button: the first step starts a `runtime.createAttack` on the clean frame for the
 * chosen model, later steps continue it; δ goes to the scene's adversarial overlay (enabled on the
 * first step). Changing the scene (other than the overlay), the model or the settings starts over.
 */
export class SessionAttack {
  private active: ActiveAttack | null = null
  private texture: DataTexture | null = null
  private busy = false
  private runtime: ModelRuntime | null = null
  private model: PerturberModel | null = null
  private settings: AttackSettings | null = null
  private key = ''
  private cancelWarmUp: (() => void) | null = null
  private readonly unsubscribeScene: () => void

  constructor(
    private readonly scene: SceneStore,
    private readonly frames: SceneFrameFeed,
    private readonly registry: PerturbationRegistry,
    private readonly onStatus: (update: (status: AttackStatus) => AttackStatus) => void,
  ) {
    this.unsubscribeScene = scene.subscribe((next, previous) => {
      if (!this.active) return
      if (next.params === previous.params && next.object === previous.object && next.background === previous.background && next.chain === previous.chain) return
      if (cleanSceneKey(next) !== this.active.sceneKey) this.startOver()
    })
  }

  /** Follows the attacked model and the settings: a different one starts over. */
  update(runtime: ModelRuntime | null, model: PerturberModel | null, settings: AttackSettings): void {
    const key = `${model?.id}@${model?.version}|${JSON.stringify(settings)}`
    const modelChanged = runtime !== this.runtime || model !== this.model
    this.runtime = runtime
    this.model = model
    this.settings = settings
    if (key !== this.key) {
      this.key = key
      if (this.active) this.startOver()
    }
    if (modelChanged) this.warmUp()
  }

  step(): void {
    const { runtime, model, settings } = this
    if (this.busy || !settings) return
    if (!runtime || !model) return this.onStatus(() => ({ error: `Load ${modelRoleLabels[settings.model]} to attack it.` }))
    this.busy = true
    this.onStatus((s) => ({ ...s, busy: true, error: null, message: this.active ? 'Stepping…' : 'Starting the attack (compiling gradients)…' }))
    const key = this.key
    const run = async () => {
      if (!this.active) {
        this.clear() // the attack starts from the clean frame, without a previous δ
        const frame = this.frames.readFrame()
        if (!frame) throw new Error('The scene has not rendered a frame yet.')
        const sceneKey = cleanSceneKey(this.scene.getState())
        this.active = { attack: await runtime.createAttack(model, frame, toPgdOptions(settings)), key, sceneKey }
      }
      const result = await this.active.attack.step()
      const { data, width, height } = encodeOverlayTexture(result.perturbation, result.width, result.height)
      const next = new DataTexture(data, width, height, RGBAFormat, FloatType)
      next.needsUpdate = true
      this.frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, next)
      this.texture?.dispose()
      this.texture = next
      this.enableOverlay()
      const percent = (p: number) => `${(p * 100).toFixed(1)}%`
      const top = result.top[0]?.name ?? '?'
      return { step: result.step, message: `Step ${result.step}: now "${top}"; original class ${percent(result.before.original)} → ${percent(result.after.original)}` }
    }
    run()
      .then(
        (done) => this.onStatus(() => ({ busy: false, ...done })),
        (e: unknown) => this.onStatus(() => ({ busy: false, error: `The attack failed: ${e instanceof Error ? e.message : String(e)}` })),
      )
      .finally(() => {
        this.busy = false
      })
  }

  reset(): void {
    if (this.busy) return
    this.startOver()
  }

  dispose(): void {
    this.cancelWarmUp?.()
    this.unsubscribeScene()
    this.clear()
  }

  private startOver() {
    this.clear()
    this.onStatus(() => ({}))
  }

  private clear() {
    const current = this.active
    this.active = null
    if (current) void current.attack.dispose()
    this.frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, null)
    this.texture?.dispose()
    this.texture = null
  }

  /**
   * Compiles the attack's gradient shaders while the user looks, not on the first "PGD step"
   * click (seconds on a GPU); the runtime does it once per model. Not with software gradients:
   * there the warm-up costs as much as a step and would freeze the live view as long.
   */
  private warmUp() {
    this.cancelWarmUp?.()
    this.cancelWarmUp = null
    const { runtime, model } = this
    if (!runtime || !model || runtime.plan.softwareGradients) return
    let cancelled = false
    const start = () => {
      const renderer = this.frames.renderer()
      if (cancelled || !renderer) return
      // a failed warm-up only means the first step compiles; the step reports real errors
      void runtime.prepareAttacks(model, renderer.width, renderer.height).catch(() => {})
    }
    const timer = setTimeout(() => whenIdle(start), WARM_UP_DELAY_MS)
    this.cancelWarmUp = () => {
      cancelled = true
      clearTimeout(timer)
    }
  }

  private enableOverlay() {
    const { chain, updatePerturbation, setChain } = this.scene.getState()
    const overlay = chain.find((s) => s.id === adversarialOverlay.id)
    if (!overlay) setChain([...chain, this.registry.defaultState(adversarialOverlay.id, true)])
    else if (!overlay.enabled) updatePerturbation(adversarialOverlay.id, { enabled: true })
  }
}

function whenIdle(task: () => void) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5000 })
  else setTimeout(task, 0)
}

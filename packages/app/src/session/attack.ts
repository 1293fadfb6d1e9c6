import { DataTexture, FloatType, RGBAFormat } from 'three'
import { deltaDisplayGain, encodeOverlayTexture } from '@perturber/model-runtime/attacks'
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

/** The "δ only" view: the overlay on, its Original Alpha at 0 (grey + δ). */
function deltaOnlyView(state: Pick<SceneState, 'chain'>): boolean {
  const overlay = state.chain.find((s) => s.id === adversarialOverlay.id)
  return !!overlay?.enabled && overlay.params.originalAlpha === 0
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
/** How often the warm-up waits for a scene renderer (its frame size) before giving up. */
const WARM_UP_TRIES = 20

/**
 * The "PGD step" button: the first step starts a `runtime.createAttack` on the clean frame for the
 * chosen model, later steps continue it; δ goes to the scene's adversarial overlay (enabled on the
 * first step), amplified by `deltaDisplayGain` in the "δ only" view. Changing the scene (other
 * than the overlay), the model or the settings starts over. In idle time after a model arrives,
 * the runtime picks that model's attack backend by timing it and compiles its gradients
 * (`prepareAttacks`), and the status then shows the expected time of a step.
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
  /** what every status carries: the step estimate of the attacked model, the frame size, δ's display factor */
  private lasting: Pick<AttackStatus, 'estimate' | 'frameSize' | 'deltaGain'> = {}
  /** the latest δ, to re-encode when the "δ only" view switches */
  private delta: { perturbation: Float32Array; width: number; height: number; gain: number } | null = null
  private deltaOnly: boolean

  constructor(
    private readonly scene: SceneStore,
    private readonly frames: SceneFrameFeed,
    private readonly registry: PerturbationRegistry,
    private readonly onStatus: (update: (status: AttackStatus) => AttackStatus) => void,
  ) {
    this.deltaOnly = deltaOnlyView(scene.getState())
    this.unsubscribeScene = scene.subscribe((next, previous) => {
      if (next.chain !== previous.chain && deltaOnlyView(next) !== this.deltaOnly) {
        this.deltaOnly = !this.deltaOnly
        if (this.delta) this.showDelta()
      }
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
    if (modelChanged) {
      if (this.lasting.estimate) this.status((s) => s, { estimate: undefined })
      this.warmUp()
    }
  }

  step(): void {
    const { runtime, model, settings } = this
    if (this.busy || !settings) return
    if (!runtime || !model) return this.status(() => ({ error: `Load ${modelRoleLabels[settings.model]} to attack it.` }))
    this.busy = true
    this.status((s) => ({ ...s, busy: true, error: null, message: this.active ? 'Stepping…' : 'Starting the attack…' }))
    const key = this.key
    const run = async () => {
      if (!this.active) {
        this.clear() // the attack starts from the clean frame, without a previous δ
        const frame = this.frames.readFrame()
        if (!frame) throw new Error('The scene has not rendered a frame yet.')
        const sceneKey = cleanSceneKey(this.scene.getState())
        if (!this.lasting.frameSize) this.status((s) => s, { frameSize: [frame.height, frame.width] })
        const attack = await runtime.createAttack(model, frame, toPgdOptions(settings))
        this.active = { attack, key, sceneKey }
        this.showEstimate(model, attack.backend)
      }
      const result = await this.active.attack.step()
      this.delta = { perturbation: result.perturbation, width: result.width, height: result.height, gain: deltaDisplayGain(result.linf) }
      this.showDelta()
      this.enableOverlay()
      const percent = (p: number) => `${(p * 100).toFixed(1)}%`
      const top = result.top[0]?.name ?? '?'
      return { step: result.step, message: `Step ${result.step}: now "${top}"; original class ${percent(result.before.original)} → ${percent(result.after.original)}` }
    }
    run()
      .then(
        (done) => this.status(() => ({ busy: false, ...done })),
        (e: unknown) => this.status(() => ({ busy: false, error: `The attack failed: ${e instanceof Error ? e.message : String(e)}` })),
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

  /** Sets the status, keeping what lasts across steps (estimate, frame size, δ's display factor). */
  private status(update: (status: AttackStatus) => AttackStatus, lasting: Partial<SessionAttack['lasting']> = {}) {
    this.lasting = { ...this.lasting, ...lasting }
    const keep = Object.fromEntries(Object.entries(this.lasting).filter(([, v]) => v !== undefined))
    this.onStatus((s) => {
      const { estimate: _e, frameSize: _f, deltaGain: _d, ...rest } = update(s)
      return { ...rest, ...keep }
    })
  }

  private startOver() {
    this.clear()
    this.status(() => ({}), { deltaGain: undefined })
  }

  private clear() {
    const current = this.active
    this.active = null
    this.delta = null
    if (current) void current.attack.dispose()
    this.frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, null)
    this.texture?.dispose()
    this.texture = null
  }

  /** Binds δ to the overlay: as the model sees it, or amplified in the "δ only" view. */
  private showDelta() {
    const delta = this.delta
    if (!delta) return
    const gain = this.deltaOnly ? delta.gain : 1
    const { data, width, height } = encodeOverlayTexture(delta.perturbation, delta.width, delta.height, { gain })
    const next = new DataTexture(data, width, height, RGBAFormat, FloatType)
    next.needsUpdate = true
    this.frames.renderer()?.setExternalTexture(ADVERSARIAL_TEXTURE, next)
    this.texture?.dispose()
    this.texture = next
    if (this.lasting.deltaGain !== delta.gain) this.status((s) => s, { deltaGain: delta.gain })
  }

  /** Shows the expected step time of `model`'s attacks once the runtime has timed them. */
  private showEstimate(model: PerturberModel, choice: RuntimeAttack['backend']) {
    if (model !== this.model || choice.stepMs === undefined) return
    this.status((s) => s, { estimate: { backend: choice.backend, stepMs: choice.stepMs, reason: choice.reason } })
  }

  /**
   * In idle time after a model arrives: lets the runtime pick the model's attack backend by timing
   * a step (cpu can be ten times faster than WebGL on a software rasteriser) and compile its
   * gradients there, so that the user's first "PGD step" costs what later steps cost; then shows
   * the expected step time. The runtime times WebGL on a software rasteriser (tens of seconds of
   * compiling) only where cpu steps are slow enough for that to pay back.
   */
  private warmUp() {
    this.cancelWarmUp?.()
    this.cancelWarmUp = null
    const { runtime, model } = this
    if (!runtime || !model) return
    let cancelled = false
    let timer: ReturnType<typeof setTimeout>
    let tries = 0
    const start = () => {
      if (cancelled) return
      const renderer = this.frames.renderer()
      if (!renderer) {
        if (++tries < WARM_UP_TRIES) timer = setTimeout(() => whenIdle(start), WARM_UP_DELAY_MS)
        return
      }
      const { width, height } = renderer
      this.status((s) => s, { frameSize: [height, width] })
      // a failed warm-up only means the first step does it; the step reports real errors
      void runtime
        .prepareAttacks(model, width, height)
        .then(() => runtime.attackBackend(model, width, height))
        .then((choice) => !cancelled && this.showEstimate(model, choice))
        .catch(() => {})
    }
    timer = setTimeout(() => whenIdle(start), WARM_UP_DELAY_MS)
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

import { createStore, type StoreApi } from 'zustand/vanilla'
import { neuronGroupsOf, type EditedModel, type FrameResult, type InferenceScheduler, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { modelNameOfFiles } from '@perturber/model-runtime/load'
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { connectScene, createSceneStore, getSnapshot, whenSceneLoaded, type SceneContent, type SceneRenderer, type SceneSnapshot, type SceneStore } from '@perturber/scene'
import { MODEL_SLOT_IDS, createFrameResultStore, type FrameResultStore, type ModelRole, type ModelSlotId } from '@perturber/viz'
import type { AppModelConfig } from '../config'
import { defaultAppState, type AppState, type ModelSource } from '../state/appState'
import { resolveSlot, type SlotFiles } from '../state/modelSlots'
import { SessionAttack } from './attack'
import { EditedModelController, type EditedModelState } from './editedModel'
import { GivenStateCheck } from './givenState'
import { AutomaticNeuronGroups } from '../neurons/AutomaticNeuronGroups'
import { defaultLayer, inferenceRequests, requestsKey, topChannelsOf } from './inferenceRequests'
import { ModelSlot, runtimeModelLoader } from './modelSlot'
import { SceneFrameFeed } from './sceneFrames'
import type { AppControls, PerturberSessionOptions, SceneChange, SessionState, SlotState } from './sessionTypes'
import { sharedRuntime } from './sharedRuntime'
import { untilState } from './untilState'

export type { AppControls, PerturberSessionOptions, SceneChange, SlotState, SessionState } from './sessionTypes'

const idleEditing: EditedModelState = { edited: null, error: null, busy: false }

/**
 * The frame path as one plain object, no React: scene frames → inference scheduler → results, the
 * model slots and their loading, the edited model, the attack, pacing, and the state a link
 * carries. `PerturberApp` and the live figures are layouts over it; a script or a test can drive
 * it alone: attach a scene renderer (`session.frames.onReady/onFrame`, or let a
 * `<PerturberCanvas>` do it), then `await session.evaluate(sceneState)` renders that state and
 * returns its results, deterministically.
 *
 * Start it with `retain()` (which returns the matching release); it disposes itself once the last
 * holder releases it.
 */
export class PerturberSession {
  readonly scene: SceneStore
  readonly results: FrameResultStore = createFrameResultStore()
  readonly store: StoreApi<SessionState>
  /** hand the scene renderer's frames here (`onFrame`, `onReady`), or read frames from it */
  readonly frames: SceneFrameFeed
  readonly registry: PerturbationRegistry
  readonly models: readonly AppModelConfig[]
  /** the automatic neuron groups (`@changed` since a pinned frame, `@relevant` to a class): session-local, a link carries only the group's id */
  readonly automaticGroups: AutomaticNeuronGroups

  private readonly options: PerturberSessionOptions
  private scheduler: InferenceScheduler | null = null
  private readonly slots: Record<ModelSlotId, ModelSlot>
  private readonly editing: EditedModelController
  private attack: SessionAttack | null = null
  private holders = 0
  private started = false
  private disposed = false
  private disposeTimer: ReturnType<typeof setTimeout> | null = null
  private readonly cleanups: (() => void)[] = []
  private requestsKey = '[]'
  private syncing = false
  private syncAgain = false
  /** slot notices already shown (each once) */
  private readonly noticed = new Set<string>()
  private readonly givenState = new GivenStateCheck()
  /** per slot, the source of the model it holds (what a cancelled load goes back to) */
  private readonly lastGood: Record<ModelSlotId, { source: ModelSource | null; files: SlotFiles | null }> = { model1: { source: null, files: null }, model2: { source: null, files: null } }

  constructor(options: PerturberSessionOptions = {}) {
    this.options = options
    this.models = options.models ?? []
    this.registry = options.registry ?? defaultRegistry
    const state = options.state ?? defaultAppState(this.models[0] ? { kind: 'config', id: this.models[0].id } : null)
    this.scene = options.scene ?? createSceneStore(state.scene, this.registry)
    if (options.scene && options.state) options.scene.getState().restore(state.scene)
    const { scene: _scene, ...controls } = state
    const emptySlot: SlotState = { model: null, status: {}, name: '' }
    this.store = createStore<SessionState>()(() => ({
      runtime: null,
      runtimeError: null,
      controls,
      slotFiles: { model1: null, model2: null },
      slots: { model1: emptySlot, model2: emptySlot },
      editing: idleEditing,
      shown: [],
      requests: [],
      topChannels: undefined,
      inferenceError: null,
      attack: {},
      paced: false,
      pacer: null,
      notices: (options.adjustments ?? []).map((a) => a.message),
    }))
    this.frames = new SceneFrameFeed(this.results, { submit: (frame) => this.scheduler?.submit(frame), active: () => this.store.getState().requests.length > 0 })
    const loader = () => {
      const { runtime } = this.store.getState()
      return runtime && (this.options.modelLoader ?? runtimeModelLoader)(runtime)
    }
    this.slots = {
      model1: new ModelSlot(loader, () => this.sync()),
      model2: new ModelSlot(loader, () => this.sync()),
    }
    this.editing = new EditedModelController(
      (editing) => this.set({ editing }),
      () => this.scheduler?.refresh(),
    )
    this.automaticGroups = new AutomaticNeuronGroups(this)
  }

  /** Starts the session (once) and holds it; the returned function lets go (the last one disposes it). */
  retain(): () => void {
    if (this.disposed) throw new Error('This Perturber session was disposed.')
    if (this.disposeTimer !== null) clearTimeout(this.disposeTimer)
    this.disposeTimer = null
    this.holders++
    this.start()
    let released = false
    return () => {
      if (released) return
      released = true
      // a holder that lets go and takes it again at once (React StrictMode, a moved element) keeps it
      if (--this.holders === 0) this.disposeTimer = setTimeout(() => this.dispose(), 0)
    }
  }

  // --- the state a link carries --------------------------------------------------------------

  get controls(): AppControls {
    return this.store.getState().controls
  }

  setControls(update: (controls: AppControls) => AppControls): void {
    const controls = update(this.controls)
    if (controls !== this.controls) this.set({ controls })
  }

  /** The whole state now, the scene snapshot included. */
  getState(): AppState {
    return { scene: getSnapshot(this.scene), ...this.controls }
  }

  /** Restores a whole state: the scene and everything else (models load as needed). */
  setState(state: AppState): void {
    const { scene, ...controls } = state
    this.scene.getState().restore(scene)
    this.set({ controls, slotFiles: { model1: null, model2: null } })
  }

  /** Clears `notices` (the user has read them). */
  dismissNotices(): void {
    this.set({ notices: [] })
  }

  /** Calls `listener` on every change of the state a link carries (scene or controls); returns an unsubscribe. */
  subscribeState(listener: () => void): () => void {
    const unsubscribeControls = this.store.subscribe((s, prev) => s.controls !== prev.controls && listener())
    const unsubscribeScene = this.scene.subscribe((s, prev) => {
      if (s.params !== prev.params || s.chain !== prev.chain || s.object !== prev.object || s.background !== prev.background) listener()
    })
    return () => (unsubscribeControls(), unsubscribeScene())
  }

  // --- model slots -----------------------------------------------------------------------------

  /** Loads a model.json URL into a slot. */
  loadUrl(slot: ModelSlotId, url: string): void {
    this.set({ slotFiles: { ...this.store.getState().slotFiles, [slot]: null }, controls: { ...this.controls, models: { ...this.controls.models, [slot]: { kind: 'url', url } } } })
  }

  /** Loads the user's files (model.json and its weights) into a slot; a link then names no model there. */
  loadFiles(slot: ModelSlotId, files: File[]): void {
    const picked = { name: modelNameOfFiles(files), files }
    this.set({ slotFiles: { ...this.store.getState().slotFiles, [slot]: picked }, controls: { ...this.controls, models: { ...this.controls.models, [slot]: null } } })
  }

  /**
   * Stops a slot's load under way: the slot keeps the model it had, and the state (and so the
   * link) names that model's source again.
   */
  cancelLoad(slot: ModelSlotId): void {
    if (!this.slots[slot].busy) return
    this.slots[slot].cancel()
    this.backToLastGood(slot)
  }

  /** Names the model the slot holds again in the state (and so in the link), after a load that failed or was cancelled. */
  private backToLastGood(slot: ModelSlotId) {
    const good = this.lastGood[slot]
    this.set({ controls: { ...this.controls, models: { ...this.controls.models, [slot]: good.source } }, slotFiles: { ...this.store.getState().slotFiles, [slot]: good.files } })
  }

  // --- the attack ------------------------------------------------------------------------------

  /** One PGD step on the attacked model (`controls.attack`): the first starts the attack on the current frame. */
  attackStep(): void {
    this.attack?.step()
  }

  /** Drops the attack's δ; the next step starts over. */
  resetAttack(): void {
    this.attack?.reset()
  }

  // --- frames and results ----------------------------------------------------------------------

  /** Re-runs inference on the latest frame (e.g. after a model's weights changed outside the session). */
  refresh(): void {
    this.scheduler?.refresh()
  }

  /**
   * Resolves when the runtime has started and both slots' models are loaded (or failed), the
   * edited model built, with no scene renderer needed (e.g. to size one to Model 1's input).
   * Rejects when the runtime cannot start.
   */
  async modelsSettled(): Promise<void> {
    this.start()
    await this.until((s) => s.runtime !== null || s.runtimeError !== null)
    const { runtimeError } = this.store.getState()
    if (runtimeError) throw new Error(runtimeError)
    await this.until(() => !this.slots.model1.busy && !this.slots.model2.busy && !this.store.getState().editing.busy)
    await this.editing.settled()
  }

  /**
   * Resolves when everything the state asks for is ready: the runtime, both slots' models (loaded
   * or failed), the edited model with its edits applied, the scene's object and background, and
   * a scene renderer to render them. Rejects when the runtime cannot start.
   */
  async settled(): Promise<void> {
    await this.modelsSettled()
    // the renderer first: attaching it starts the scene's object and background loads
    await this.until(() => this.frames.renderer() !== null)
    await whenSceneLoaded(this.scene)
  }

  /**
   * Renders a scene state (the current one when omitted; a partial state changes only what it
   * names) and computes what the session's requests ask of it, once everything is ready
   * ({@link settled}). The same state gives the same pixels and the same numbers. The result is
   * also published to `results`, as a live frame's would be.
   */
  async evaluate(scene?: SceneChange): Promise<FrameResult> {
    if (scene) this.scene.getState().restore(scene as Partial<SceneSnapshot>) // parameters merge over the current ones
    await this.settled()
    const { runtime, requests } = this.store.getState()
    const renderer = this.frames.renderer()
    if (!runtime || !renderer) throw new Error('The session has no runtime or no scene renderer.')
    if (requests.length === 0) throw new Error('Nothing to compute: no model is loaded, or activations and predictions are both switched off.')
    const data = renderer.readPixels() // renders first if the scene changed
    const result = await runtime.infer({ frameId: renderer.frameId, width: renderer.width, height: renderer.height, data }, requests)
    this.results.getState().publish(result)
    return result
  }

  /**
   * Connects a scene renderer you created (e.g. `new SceneRenderer(new WebGLRenderer())` in a
   * script): it follows the session's scene, and its frames feed the session. It renders when
   * asked (`evaluate`, `renderer.render()`); drive it from your own loop for live frames. Returns
   * the detach function (the renderer stays yours to dispose).
   */
  attachRenderer(renderer: SceneRenderer, content?: SceneContent): () => void {
    const disconnect = connectScene(renderer, this.scene, content)
    const unsubscribe = renderer.subscribe((frame) => this.frames.onFrame(frame, renderer))
    this.frames.onReady(renderer)
    return () => {
      unsubscribe()
      disconnect()
      this.frames.detach(renderer)
    }
  }

  /** The models by role, loaded or not. */
  modelOf(role: ModelRole): PerturberModel | null {
    const s = this.store.getState()
    return role === 'edited' ? s.editing.edited : s.slots[role].model
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.cleanups.forEach((cleanup) => cleanup())
    this.automaticGroups.dispose()
    this.attack?.dispose()
    this.editing.dispose()
    this.slots.model1.dispose()
    this.slots.model2.dispose()
    this.scheduler?.dispose()
  }

  // --- wiring ------------------------------------------------------------------------------------

  private start() {
    if (this.started) return
    this.started = true
    this.attack = new SessionAttack(this.scene, this.frames, this.registry, (update) => this.set({ attack: update(this.store.getState().attack) }))
    this.cleanups.push(
      this.results.subscribe((s, prev) => {
        if (s.result !== prev.result) this.syncRequests()
      }),
      this.automaticGroups.subscribe(() => this.syncRequests()),
    )
    Promise.resolve(this.options.runtime ?? sharedRuntime(this.options.runtimeOptions)).then(
      (runtime) => !this.disposed && this.useRuntime(runtime),
      (e: unknown) => !this.disposed && this.set({ runtimeError: `The model runtime could not start: ${e instanceof Error ? e.message : String(e)}` }),
    )
    this.sync()
  }

  private useRuntime(runtime: ModelRuntime) {
    const scheduler = runtime.createScheduler({
      onResult: (result) => {
        this.results.getState().publish(result)
        if (this.store.getState().inferenceError) this.set({ inferenceError: null })
      },
      onError: (e, frameId) => this.set({ inferenceError: `Inference failed on frame ${frameId}: ${e instanceof Error ? e.message : String(e)}` }),
    })
    this.scheduler = scheduler
    const pacing = this.options.framePacing ?? 'auto'
    const paced = pacing === 'inference' || (pacing === 'auto' && !!runtime.plan.softwareRenderer)
    this.frames.setAsyncReadback(paced)
    this.set({ runtime, paced, pacer: paced ? this.frames.pacerFor(scheduler) : null })
  }

  private set(partial: Partial<SessionState>) {
    if (this.disposed) return
    this.store.setState(partial)
    if ('controls' in partial || 'slotFiles' in partial || 'runtime' in partial || 'editing' in partial) this.sync()
  }

  /**
   * Brings everything derived from the state up to date: slot loads, default layer, edited model,
   * shown models, requests, attack. Never re-entered: a change made while syncing (a slot starting
   * to load, the default layer) syncs again once this pass is done.
   */
  private sync() {
    if (!this.started || this.disposed) return
    if (this.syncing) {
      this.syncAgain = true
      return
    }
    this.syncing = true
    try {
      let passes = 0
      do {
        // each pass settles one layer of derived state; dozens mean two parts undo each other
        if (++passes > 50) throw new Error('The Perturber session state does not settle (a bug): please report it.')
        this.syncAgain = false
        this.syncOnce()
      } while (this.syncAgain && !this.disposed)
    } finally {
      this.syncing = false
    }
  }

  private syncOnce() {
    const s = this.store.getState()
    const { controls, runtime } = s
    const slots = {} as Record<ModelSlotId, SlotState>
    for (const id of MODEL_SLOT_IDS) {
      const resolved = resolveSlot(controls.models[id], s.slotFiles[id], this.models)
      if (resolved.notice && !this.noticed.has(resolved.notice)) {
        this.noticed.add(resolved.notice)
        this.store.setState({ notices: [...this.store.getState().notices, resolved.notice] })
      }
      this.slots[id].request(resolved.request)
      const key = resolved.request?.key ?? null
      if (!this.slots[id].busy && this.slots[id].heldRequest === key) this.lastGood[id] = { source: controls.models[id], files: s.slotFiles[id] }
      else if (key !== null && this.slots[id].failedRequest === key) {
        // a failed load leaves the state naming the model the slot still holds; the slot keeps showing why
        return this.backToLastGood(id)
      }
      const { model, status } = this.slots[id].state
      const error = s.runtimeError ?? resolved.error
      const previous = s.slots[id]
      const next = { model, status: error ? { error } : status, name: resolved.name }
      slots[id] = previous.model === next.model && previous.name === next.name && JSON.stringify(previous.status) === JSON.stringify(next.status) ? previous : next
    }
    if (slots.model1 !== s.slots.model1 || slots.model2 !== s.slots.model2) this.store.setState({ slots })

    const model1 = slots.model1.model
    if (model1 && this.applyGivenStateCheck(model1, null)) return
    if (model1 && !model1.layers.some((l) => l.name === controls.layer)) {
      const layer = defaultLayer(model1.layers, (l) => neuronGroupsOf(model1.descriptor, l))
      if (layer && layer !== controls.layer) return this.set({ controls: { ...controls, layer } })
    }

    this.editing.update(runtime, model1, slots.model2.model, controls.views.edited, controls.edits)
    const { editing } = this.store.getState()
    if (model1 && editing.edited && this.applyGivenStateCheck(model1, editing.edited)) return
    const roles: [ModelRole, PerturberModel | null][] = [
      ['model1', model1],
      ['model2', controls.views.model2 ? slots.model2.model : null],
      ['edited', controls.views.edited ? editing.edited : null],
    ]
    const shown = roles.flatMap(([role, model]) => (model ? [{ role, model }] : []))
    const previous = this.store.getState().shown
    if (shown.length !== previous.length || shown.some((m, i) => m.model !== previous[i].model || m.role !== previous[i].role)) this.store.setState({ shown })
    this.syncRequests()
    this.attack?.update(runtime, this.modelOf(controls.attack.model), controls.attack)
  }

  /** What the given state lacks is replaced and said in `notices`; true when it changed the state (a new sync follows). */
  private applyGivenStateCheck(model1: PerturberModel, edited: EditedModel | null): boolean {
    const fix = this.givenState.check(this.getState(), model1, edited)
    if (fix) this.set({ controls: fix.controls, notices: [...this.store.getState().notices, ...fix.notices] })
    return fix !== null
  }

  private syncRequests() {
    const { shown, controls, topChannels: previousTop, requests: previousRequests } = this.store.getState()
    const top = topChannelsOf(this.results.getState().result, shown, controls.layer)
    const topChannels = top && previousTop && top.join() === previousTop.join() ? previousTop : top
    const requests = inferenceRequests(shown, controls.layer, controls.neurons, controls.views, topChannels, this.automaticGroups.groups())
    const key = requestsKey(requests)
    if (topChannels !== previousTop) this.store.setState({ topChannels })
    if (key === this.requestsKey) return
    this.requestsKey = key
    this.store.setState({ requests })
    this.scheduler?.setRequests(requests)
    if (previousRequests.length === 0 && requests.length > 0) this.frames.offerCurrent()
  }

  private until(predicate: (state: SessionState) => boolean): Promise<void> {
    return untilState(this.store, predicate, () => this.disposed)
  }
}

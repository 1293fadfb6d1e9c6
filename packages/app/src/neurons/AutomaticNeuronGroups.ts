import { createStore, type StoreApi } from 'zustand/vanilla'
import type { FrameResult, PerturberModel } from '@perturber/model-runtime'
import { getSnapshot, type SceneSnapshot } from '@perturber/scene'
import { modelResultOf } from '@perturber/viz'
import { MAX_NEURONS, type NeuronGroup } from '@perturber/viz/controls'
import type { PerturberSession } from '../session/PerturberSession'
import { changedChannels, rankChannels, referenceKey } from './changed'
import { CHANGED_GROUP, RELEVANT_GROUP } from './groupIds'

/** A pinned reference frame: the state it showed and its channel means. */
export interface PinnedReference {
  scene: SceneSnapshot
  /** the reference frame's channel means by model and layer (`referenceKey`), filled in as models and layers are shown */
  means: ReadonlyMap<string, Float32Array>
}

/** `@changed` on the latest frame: the analysed model's channels that moved most from the reference. */
export interface ChangedGroupState {
  modelId: string
  layer: string
  frameId: number
  /** most changed first */
  channels: number[]
  /** |Δ mean| per channel */
  deltas: Float32Array
}

/** `@relevant` on the latest frame it was computed for. */
export interface RelevanceState {
  modelId: string
  layer: string
  classIndex: number
  /** whether the class is the model's top class on that frame (nothing was picked) */
  top: boolean
  /** gradient × activation per channel */
  values: Float32Array
  /** most relevant first (positive relevance only) */
  channels: number[]
}

export interface AutomaticGroupsState {
  reference: PinnedReference | null
  /** the reference's means are being computed */
  pinning: boolean
  changed: ChangedGroupState | null
  changedError: string | null
  /** the class `@relevant` is about; null: the analysed model's top class on each frame */
  relevanceClass: number | null
  relevance: RelevanceState | null
  relevanceBusy: boolean
  relevanceError: string | null
}

/**
 * The automatic neuron groups of a session, computed for the analysed model (the first shown,
 * whose channels every row shows, as with `@top`): `@changed`, the channels whose mean activation
 * changed most between a pinned reference frame and each frame (from the channel means the frames'
 * requests then include), and `@relevant`, the channels most relevant to a class on the frame
 * (gradient × activation, `runtime.channelRelevance`), recomputed on a gradient backend shortly
 * after the frame changes. The reference lives in this session only: a link cannot carry a frame.
 */
export class AutomaticNeuronGroups {
  readonly store: StoreApi<AutomaticGroupsState>
  private readonly unsubscribe: (() => void)[]
  private readonly relevanceDelayMs: number
  private relevanceTimer: ReturnType<typeof setTimeout> | null = null
  private relevanceRunning = false
  private relevanceKey = ''
  /** bumped by every pin and unpin: a reference computed for an older pin is dropped */
  private pins = 0
  private readonly filling = new Set<string>()
  private disposed = false

  constructor(
    readonly session: PerturberSession,
    options: { relevanceDelayMs?: number } = {},
  ) {
    this.relevanceDelayMs = options.relevanceDelayMs ?? 300
    this.store = createStore<AutomaticGroupsState>()(() => ({ reference: null, pinning: false, changed: null, changedError: null, relevanceClass: null, relevance: null, relevanceBusy: false, relevanceError: null }))
    this.unsubscribe = [
      session.results.subscribe((s, prev) => s.result !== prev.result && this.update()),
      session.store.subscribe((s, prev) => (s.controls !== prev.controls || s.shown !== prev.shown) && this.update()),
    ]
  }

  get state(): AutomaticGroupsState {
    return this.store.getState()
  }

  /** Calls `listener` whenever the groups' state (and so maybe their channels) changes; returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    return this.store.subscribe(listener)
  }

  /**
   * The automatic groups for the selected layer, as named groups are given to `inferenceRequests`
   * and the selector: no channels until they are known for the analysed model and that layer.
   */
  groups(): NeuronGroup[] {
    const { changed, relevance } = this.state
    const { model, layer } = this.analysed()
    const current = <T extends { modelId: string; layer: string; channels: number[] }>(g: T | null) => (g && model && g.modelId === model.id && g.layer === layer ? g.channels : [])
    return [
      { id: CHANGED_GROUP, name: 'Changed most since the pinned reference', channels: this.state.reference ? current(changed) : [] },
      { id: RELEVANT_GROUP, name: 'Most relevant to a class', channels: current(relevance) },
    ]
  }

  /** Pins the current state's frame as `@changed`'s reference (its channel means, for every shown model). */
  async pin(): Promise<void> {
    const pin = ++this.pins
    const scene = getSnapshot(this.session.scene)
    this.filling.clear()
    this.store.setState({ reference: { scene, means: new Map() }, changed: null, changedError: null })
    await Promise.all(this.session.store.getState().shown.map(({ model }) => this.fillReference(model, this.session.controls.layer, pin)))
  }

  /** Forgets the reference. */
  unpin(): void {
    this.pins++
    this.filling.clear()
    this.store.setState({ reference: null, changed: null, changedError: null, pinning: false })
  }

  /** The class `@relevant` is about (null: the top class on each frame). */
  setRelevanceClass(classIndex: number | null): void {
    if (classIndex === this.state.relevanceClass) return
    this.store.setState({ relevanceClass: classIndex, relevance: null, relevanceError: null })
    this.update()
  }

  dispose(): void {
    this.disposed = true
    if (this.relevanceTimer !== null) clearTimeout(this.relevanceTimer)
    this.unsubscribe.forEach((u) => u())
  }

  private analysed(): { model: PerturberModel | null; layer: string | null; group: string; active: boolean } {
    const { shown, controls } = this.session.store.getState()
    return { model: shown[0]?.model ?? null, layer: controls.layer, group: controls.neurons.group, active: controls.views.activations }
  }

  private update() {
    if (this.disposed) return
    const { group, active } = this.analysed()
    if (!active) return
    if (group === CHANGED_GROUP) this.updateChanged(this.session.results.getState().result)
    if (group === RELEVANT_GROUP) this.scheduleRelevance()
  }

  /** `@changed` from a frame's channel means; a reference missing for this model or layer is computed first. */
  private updateChanged(result: FrameResult | null) {
    const { reference } = this.state
    const { model, layer } = this.analysed()
    if (!reference || !model || !layer) return
    const means = reference.means.get(referenceKey(model.id, layer))
    if (!means) return void this.fillReference(model, layer, this.pins)
    const maps = modelResultOf(result, model.id)?.activations
    if (!maps?.channelMeans || maps.layer !== layer || maps.channelMeans.length !== means.length) return
    const { channels, deltas } = changedChannels(maps.channelMeans, means, MAX_NEURONS)
    const previous = this.state.changed
    if (previous && previous.frameId === result!.frameId && previous.modelId === model.id && previous.layer === layer && previous.channels.join() === channels.join()) return
    this.store.setState({ changed: { modelId: model.id, layer, frameId: result!.frameId, channels, deltas }, changedError: null })
  }

  /** Renders the pinned state again (same object and background) and keeps `model`'s channel means of `layer`. */
  private async fillReference(model: PerturberModel, layer: string | null, pin: number) {
    const reference = this.state.reference
    const { runtime } = this.session.store.getState()
    const renderer = this.session.frames.renderer()
    if (!reference || !layer || !runtime || !renderer || !model.layers.some((l) => l.name === layer)) return
    const key = referenceKey(model.id, layer)
    if (reference.means.has(key) || this.filling.has(key)) return
    const now = getSnapshot(this.session.scene)
    if (JSON.stringify([now.object, now.background]) !== JSON.stringify([reference.scene.object, reference.scene.background])) {
      return void this.store.setState({ changedError: 'The reference showed another object or background: pin the reference again.' })
    }
    this.filling.add(key)
    this.store.setState({ pinning: true })
    try {
      const data = renderer.renderSample({ params: reference.scene.params, chain: reference.scene.chain })
      const result = await runtime.infer({ frameId: -1, width: renderer.width, height: renderer.height, data }, [{ model, layer, channels: [], channelMeans: true }])
      const means = result.models[0].activations?.channelMeans
      if (pin !== this.pins || this.disposed) return
      if (!means) throw new Error(result.models[0].problem?.message ?? `${model.descriptor.name} gave no channel means.`)
      const current = this.state.reference!
      this.store.setState({ reference: { ...current, means: new Map([...current.means, [key, means]]) } })
      this.updateChanged(this.session.results.getState().result)
    } catch (e) {
      if (pin === this.pins) this.store.setState({ changedError: `The reference could not be computed: ${e instanceof Error ? e.message : String(e)}` })
    } finally {
      // a newer pin started over with its own set
      if (pin === this.pins) {
        this.filling.delete(key)
        this.store.setState({ pinning: this.filling.size > 0 })
      }
    }
  }

  /** What `@relevant` would be computed for now: the frame, the model and its weights, the layer and the class. */
  private relevanceTarget(): string {
    const { model, layer } = this.analysed()
    const frameId = this.session.results.getState().result?.frameId
    return model && layer && frameId !== undefined ? `${frameId} ${model.id}@${model.version} ${layer} ${this.state.relevanceClass}` : ''
  }

  private scheduleRelevance() {
    const target = this.relevanceTarget()
    if (!target || target === this.relevanceKey || this.relevanceRunning) return
    if (this.relevanceTimer !== null) clearTimeout(this.relevanceTimer)
    // the frame settles first: while the scene moves, only its last frame is worth a backward pass
    this.relevanceTimer = setTimeout(() => {
      this.relevanceTimer = null
      void this.computeRelevance()
    }, this.relevanceDelayMs)
  }

  private async computeRelevance() {
    const target = this.relevanceTarget()
    const { model, layer, group } = this.analysed()
    const { runtime } = this.session.store.getState()
    const renderer = this.session.frames.renderer()
    if (this.disposed || group !== RELEVANT_GROUP || !target || target === this.relevanceKey || !model || !layer || !runtime || !renderer) return
    this.relevanceRunning = true
    this.store.setState({ relevanceBusy: true })
    try {
      const { params, chain } = getSnapshot(this.session.scene)
      const frame = { frameId: -1, width: renderer.width, height: renderer.height, data: renderer.renderSample({ params, chain }) }
      const picked = this.state.relevanceClass
      const classIndex = picked ?? (await runtime.infer(frame, [{ model, predictions: true, topK: 1 }])).models[0].predictions?.[0]?.labelIndex
      if (classIndex === undefined) throw new Error(`${model.descriptor.name} gave no prediction on this frame.`)
      const values = await runtime.channelRelevance(model, frame, layer, classIndex)
      // unless another class was picked meanwhile: this one's channels would only flash by
      if (this.state.relevanceClass === picked && !this.disposed) {
        this.relevanceKey = target
        this.store.setState({ relevance: { modelId: model.id, layer, classIndex, top: picked === null, values, channels: rankChannels(values, MAX_NEURONS, true) }, relevanceError: null })
      }
    } catch (e) {
      this.relevanceKey = target // the same frame would fail the same way
      if (!this.disposed) this.store.setState({ relevance: null, relevanceError: e instanceof Error ? e.message : String(e) })
    } finally {
      this.relevanceRunning = false
      if (!this.disposed) this.store.setState({ relevanceBusy: false })
    }
    // the frame moved on meanwhile: its relevance is due too
    this.update()
  }
}

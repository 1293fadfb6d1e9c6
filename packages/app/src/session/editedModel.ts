import { ArchitectureMismatchError, type EditedModel, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import type { AppEdits } from '../state/appState'

export interface EditedModelState {
  edited: EditedModel | null
  /** why mixing is off (no Model 2, or another architecture: the mismatch error's message) */
  mixUnavailable?: string
  /** why there is no edited model at all, or why the last edit was refused */
  error: string | null
  busy: boolean
}

const idle: EditedModelState = { edited: null, error: null, busy: false }

/**
 * The edited model of the thesis (§5.4): a copy of Model 1, mixed with Model 2 when both have the
 * same architecture, pruned per layer. Built while enabled; the edits are applied on the
 * runtime's queue whenever they change, then `onEdited` runs (the scheduler re-runs the frame).
 */
export class EditedModelController {
  private state: EditedModelState = idle
  private sources: { runtime: ModelRuntime | null; model1: PerturberModel | null; model2: PerturberModel | null; enabled: boolean } = { runtime: null, model1: null, model2: null, enabled: false }
  private generation = 0
  private editsKey = ''
  private pending: Promise<void> = Promise.resolve()

  constructor(
    private readonly onChange: (state: EditedModelState) => void,
    private readonly onEdited: () => void,
  ) {}

  get current(): EditedModelState {
    return this.state
  }

  /** Resolves when the model is built and the latest edits are applied (or failed). */
  settled(): Promise<void> {
    return this.pending
  }

  /** Rebuilds when the runtime, either model or `enabled` changed; then applies `edits`. */
  update(runtime: ModelRuntime | null, model1: PerturberModel | null, model2: PerturberModel | null, enabled: boolean, edits: AppEdits): void {
    const s = this.sources
    if (s.runtime !== runtime || s.model1 !== model1 || s.model2 !== model2 || s.enabled !== enabled) {
      this.sources = { runtime, model1, model2, enabled }
      this.rebuild(edits)
      return
    }
    this.applyEdits(edits)
  }

  dispose(): void {
    this.generation++
    this.release(this.state.edited)
    this.state = idle
  }

  private rebuild(edits: AppEdits) {
    const { runtime, model1, model2, enabled } = this.sources
    const generation = ++this.generation
    this.release(this.state.edited)
    this.editsKey = ''
    if (!runtime || !model1 || !enabled) return this.set({ ...idle, error: enabled && model1 && !model1.layersModel ? 'Only layers models can be edited.' : null })
    if (!model1.layersModel) return this.set({ ...idle, error: 'Only layers models (not graph models) can be edited.' })
    this.set({ ...idle, busy: true })
    const build = async (): Promise<EditedModelState> => {
      if (!model2) return { edited: await runtime.createEditedModel(model1), mixUnavailable: 'Load a Model 2 to mix with.', error: null, busy: false }
      if (!model2.layersModel) return { edited: await runtime.createEditedModel(model1), mixUnavailable: 'Model 2 is a graph model: only layers models can be mixed.', error: null, busy: false }
      try {
        return { edited: await runtime.createEditedModel(model1, model2), error: null, busy: false }
      } catch (e) {
        if (!(e instanceof ArchitectureMismatchError)) throw e
        return { edited: await runtime.createEditedModel(model1), mixUnavailable: e.message, error: null, busy: false }
      }
    }
    this.pending = build().then(
      (next) => {
        if (generation !== this.generation) return this.release(next.edited)
        this.set(next)
        return this.applyEdits(edits)
      },
      (e: unknown) => {
        if (generation === this.generation) this.set({ ...idle, error: e instanceof Error ? e.message : String(e) })
      },
    )
  }

  private applyEdits(edits: AppEdits): Promise<void> {
    const { runtime } = this.sources
    const { edited, mixUnavailable } = this.state
    const key = JSON.stringify(edits)
    if (!runtime || !edited || key === this.editsKey) return this.pending
    this.editsKey = key
    const generation = this.generation
    const applied = runtime.forward(() => edited.applyEditState({ granularity: edited.granularity, ...knownEdits(edited, edits, !mixUnavailable) })).then(
      () => {
        if (generation !== this.generation || this.state.edited !== edited) return
        if (this.state.error) this.set({ ...this.state, error: null })
        this.onEdited()
      },
      (e: unknown) => {
        if (generation === this.generation) this.set({ ...this.state, error: `The edit was not applied: ${e instanceof Error ? e.message : String(e)}` })
      },
    )
    this.pending = applied
    return applied
  }

  private set(state: EditedModelState) {
    this.state = state
    this.onChange(state)
  }

  private release(edited: EditedModel | null) {
    const { runtime } = this.sources
    if (edited && runtime) void runtime.release(edited).then(() => runtime.forward(() => edited.dispose()))
  }
}

/** The edits this model can take: units and layers it has (a link may come from another model). */
function knownEdits(edited: EditedModel, edits: AppEdits, canMix: boolean): AppEdits {
  const units = new Set(edited.mixUnits.map((u) => u.name))
  const layers = new Set(edited.prunableLayers.map((l) => l.name))
  return {
    mix: canMix ? Object.fromEntries(Object.entries(edits.mix).filter(([unit]) => units.has(unit))) : {},
    prune: Object.fromEntries(Object.entries(edits.prune).filter(([layer]) => layers.has(layer))),
  }
}

import { useEffect, useState } from 'react'
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

/**
 * The edited model of the thesis (§5.4): a copy of Model 1, mixed with Model 2 when both have the
 * same architecture, pruned per layer. Built while `enabled`; the edits are applied on the runtime's
 * queue whenever they change, then `onEdited` runs (e.g. `scheduler.refresh()`).
 */
export function useEditedModel(
  runtime: ModelRuntime | null,
  model1: PerturberModel | null,
  model2: PerturberModel | null,
  enabled: boolean,
  edits: AppEdits,
  onEdited: () => void,
): EditedModelState {
  const [state, setState] = useState<EditedModelState>({ edited: null, error: null, busy: false })

  useEffect(() => {
    if (!runtime || !model1 || !enabled) {
      setState({ edited: null, error: enabled && model1 && !model1.layersModel ? 'Only layers models can be edited.' : null, busy: false })
      return
    }
    if (!model1.layersModel) return setState({ edited: null, error: 'Only layers models (not graph models) can be edited.', busy: false })
    let cancelled = false
    let built: EditedModel | null = null
    setState({ edited: null, error: null, busy: true })
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
    build().then(
      (next) => {
        built = next.edited
        if (cancelled) return void dispose(runtime, built)
        setState(next)
      },
      (e: unknown) => !cancelled && setState({ edited: null, error: e instanceof Error ? e.message : String(e), busy: false }),
    )
    return () => {
      cancelled = true
      if (built) dispose(runtime, built)
    }
  }, [runtime, model1, model2, enabled])

  const { edited } = state
  const editsKey = JSON.stringify(edits)
  useEffect(() => {
    if (!runtime || !edited) return
    let cancelled = false
    runtime
      .forward(() => edited.applyEditState({ granularity: edited.granularity, ...knownEdits(edited, edits, !state.mixUnavailable) }))
      .then(
        () => {
          if (cancelled) return
          setState((s) => (s.error ? { ...s, error: null } : s))
          onEdited()
        },
        (e: unknown) => !cancelled && setState((s) => ({ ...s, error: `The edit was not applied: ${e instanceof Error ? e.message : String(e)}` })),
      )
    return () => {
      cancelled = true
    }
    // edits are compared by value
  }, [runtime, edited, editsKey])

  return state
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

function dispose(runtime: ModelRuntime, edited: EditedModel | null) {
  if (edited) void runtime.release(edited).then(() => runtime.forward(() => edited.dispose()))
}

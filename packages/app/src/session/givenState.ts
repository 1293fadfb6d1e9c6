import { neuronGroupsOf, type EditedModel, type PerturberModel } from '@perturber/model-runtime'
import type { AppState } from '../state/appState'
import { reconcileWithModel } from '../state/reconcile'
import type { AppControls } from './sessionTypes'

/**
 * Checks the state a session was given (a link's) against the first Model 1 it loads, and the
 * edits against the first edited model, once each: what they lack is replaced, with the notices
 * that say so. Later models are the user's own choice and are not second-guessed.
 */
export class GivenStateCheck {
  private readonly checked = { model: false, edits: false }

  /** The corrected controls and what to tell the user, or null when there is nothing (more) to correct. */
  check(state: AppState, model1: PerturberModel, edited: EditedModel | null): { controls: AppControls; notices: string[] } | null {
    if (edited ? this.checked.edits : this.checked.model) return null
    if (edited) this.checked.edits = true
    else this.checked.model = true
    const { state: next, adjustments } = reconcileWithModel(state, {
      layers: model1.layers,
      groupsOf: (layer) => neuronGroupsOf(model1.descriptor, layer).map((g) => g.id),
      editable: edited ? { mix: edited.mixUnits.map((u) => u.name), prune: edited.prunableLayers.map((l) => l.name) } : undefined,
    })
    if (adjustments.length === 0) return null
    const { scene: _scene, ...controls } = next
    return { controls, notices: adjustments.map((a) => a.message) }
  }
}

import * as tf from '@tensorflow/tfjs'
import { LayersPerturberModel, newModelId } from '../model/LayersPerturberModel'
import type { ModelDescriptor, PerturberModel } from '../types'
import { ArchitectureMismatchError, compareArchitectures } from './architecture'
import { cloneArchitecture } from './cloneArchitecture'
import { computeEditedWeights, type LayerEdit } from './computeEditedWeights'
import { describeEditableLayers, type MixableLayer, type MixUnit, type PrunableKind, type PrunableLayer } from './editableLayers'
import { assertAlpha, validateEditState, type EditState, type MixGranularity } from './editState'
import { assertPruneRange, FULL_PRUNE_RANGE, isFullPruneRange, type PruneRange } from './pruneMask'
import { SourceFiniteness, type SourceLayer } from './sourceFiniteness'

export interface EditedModelOptions {
  /** One mixing α per block (default, as in the thesis' tool) or per layer. */
  granularity?: MixGranularity
  /** Defaults to Model 1's descriptor (same input, preprocessing and labels). */
  descriptor?: ModelDescriptor
  id?: string
}

/**
 * Creates the thesis' "Edited Model": a copy of Model 1's architecture with its own weights,
 * initially Model 1's, which mixing (with Model 2) and magnitude pruning then change layer by layer.
 * Needs layers models; throws {@link ArchitectureMismatchError} when Model 2's layers differ, and
 * {@link NonFiniteWeightsError} when Model 1 holds NaN or infinite weights.
 */
export async function createEditedModel(
  model1: PerturberModel,
  model2?: PerturberModel,
  options: EditedModelOptions = {},
): Promise<EditedModel> {
  const source1 = editableLayersModel(model1, 'Model 1')
  if (model2) {
    const differences = compareArchitectures(source1, editableLayersModel(model2, 'Model 2'))
    if (differences.length > 0) throw new ArchitectureMismatchError(differences)
  }
  const clone = await cloneArchitecture(source1)
  try {
    return new EditedModel(clone, model1, model2, options)
  } catch (error) {
    clone.dispose()
    throw error
  }
}

function editableLayersModel(model: PerturberModel, role: string): tf.LayersModel {
  if (model.disposed) throw new Error(`${role} ("${model.descriptor.name}") has been disposed.`)
  if (!model.layersModel) throw new Error(`${role} ("${model.descriptor.name}") is a graph model; only layers models can be edited.`)
  return model.layersModel
}

/**
 * A {@link PerturberModel} whose weights are `mask ⊙ ((1−α)·W₁ + α·W₂)` per layer (thesis Eq. 5.1–5.6).
 * Every setter recomputes only the layers it changes, writes into the existing variables and
 * bumps {@link version}. Eq. 5.1 applies to all of a layer's weights, so batch-norm layers mix
 * gamma, beta and the moving mean and variance linearly, which is what the thesis' tool effectively
 * does; a convex combination of variances stays positive.
 */
export class EditedModel extends LayersPerturberModel {
  readonly granularity: MixGranularity
  /** What each mixing slider controls, in topological order. */
  readonly mixUnits: readonly MixUnit[]
  /** Layers with weights. */
  readonly mixableLayers: readonly MixableLayer[]
  /** Conv2D, DepthwiseConv2D, SeparableConv2D and Dense layers, with their output channel counts. */
  readonly prunableLayers: readonly PrunableLayer[]

  private readonly unitByName: ReadonlyMap<string, MixUnit>
  private readonly unitOfLayer: ReadonlyMap<string, string>
  private readonly prunableKinds: ReadonlyMap<string, PrunableKind>
  private readonly alphas = new Map<string, number>()
  private readonly ranges = new Map<string, PruneRange>()
  private readonly kept = new Map<string, readonly boolean[]>()
  private readonly finiteness = new SourceFiniteness()

  /** Use {@link createEditedModel}. */
  constructor(
    clone: tf.LayersModel,
    readonly model1: PerturberModel,
    readonly model2: PerturberModel | undefined,
    options: EditedModelOptions = {},
  ) {
    const descriptor = options.descriptor ?? model1.descriptor
    super(clone, descriptor, { id: options.id ?? newModelId('edited') })
    this.granularity = options.granularity ?? 'block'
    const editable = describeEditableLayers(clone, descriptor.layerGroups)
    this.mixableLayers = editable.mixable
    this.prunableLayers = editable.prunable
    this.mixUnits =
      this.granularity === 'block' ? editable.blocks : editable.mixable.map((l) => ({ name: l.name, layers: [l.name] }))
    this.unitByName = new Map(this.mixUnits.map((u) => [u.name, u]))
    this.unitOfLayer = new Map(this.mixUnits.flatMap((u) => u.layers.map((layer) => [layer, u.name] as const)))
    this.prunableKinds = new Map(editable.prunable.map((l) => [l.name, l.kind]))
    this.recompute(new Map(this.mixableLayers.map((l) => [l.name, { alpha: 0, range: FULL_PRUNE_RANGE }])), false)
  }

  /** α of a mixing unit (0 = Model 1, 1 = Model 2). */
  alpha(unit: string): number {
    return this.alphas.get(this.unit(unit).name) ?? 0
  }

  /** The pruning range of a prunable layer. */
  pruneRange(layer: string): PruneRange {
    this.prunableKind(layer)
    return this.ranges.get(layer) ?? FULL_PRUNE_RANGE
  }

  /** Which output channels of a prunable layer survive its range (all, at [0, 1]). */
  keptChannels(layer: string): readonly boolean[] {
    this.prunableKind(layer)
    const { outputChannels } = this.prunableLayers.find((l) => l.name === layer)!
    return this.kept.get(layer) ?? new Array<boolean>(outputChannels).fill(true)
  }

  /** Sets one slider: recomputes only that unit's layers. */
  setMix(unit: string, alpha: number): void {
    assertAlpha(alpha, `setMix("${unit}")`)
    const { name, layers } = this.unit(unit)
    if (this.alpha(name) === alpha) return
    this.recompute(new Map(layers.map((layer) => [layer, { alpha, range: this.edit(layer).range }])))
    this.alphas.set(name, alpha)
  }

  /** Sets every slider to α (a full re-mix). */
  setMixAll(alpha: number): void {
    assertAlpha(alpha, 'setMixAll')
    this.applyEditState({ ...this.editState(), mix: Object.fromEntries(this.mixUnits.map((u) => [u.name, alpha])) })
  }

  /** Prunes one layer to the channels whose magnitude rank lies in [r_l, r_u]; [0, 1] undoes it. */
  setPruneRange(layer: string, range: PruneRange): void {
    this.prunableKind(layer)
    assertPruneRange(range, `setPruneRange("${layer}")`)
    const current = this.pruneRange(layer)
    if (current[0] === range[0] && current[1] === range[1]) return
    this.recompute(new Map([[layer, { alpha: this.edit(layer).alpha, range }]]))
    this.ranges.set(layer, [range[0], range[1]])
  }

  /** Back to Model 1's weights: every α 0, every range [0, 1]. */
  reset(): void {
    this.applyEditState({ granularity: this.granularity, mix: {}, prune: {} })
  }

  /** The current edits as plain JSON (defaults left out); see {@link applyEditState}. */
  editState(): EditState {
    const mix: Record<string, number> = {}
    for (const [unit, alpha] of this.alphas) if (alpha !== 0) mix[unit] = alpha
    const prune: Record<string, [number, number]> = {}
    for (const [layer, range] of this.ranges) if (!isFullPruneRange(range)) prune[layer] = [range[0], range[1]]
    return { granularity: this.granularity, mix, prune }
  }

  /**
   * Makes the edits exactly `state` (units and layers it leaves out return to their defaults).
   * Validates everything first and recomputes only the layers whose α or range changes, all at
   * once: on any error the model keeps its previous weights and state.
   */
  applyEditState(state: EditState): void {
    validateEditState(state, this.granularity, new Set(this.unitByName.keys()), new Set(this.prunableKinds.keys()))
    const alphaOf = (layer: string) => state.mix[this.unitOfLayer.get(layer)!] ?? 0
    const rangeOf = (layer: string): PruneRange => state.prune[layer] ?? FULL_PRUNE_RANGE
    const changes = new Map<string, LayerEdit>()
    for (const { name } of this.mixableLayers) {
      const before = this.edit(name)
      const after = { alpha: alphaOf(name), range: rangeOf(name) }
      if (before.alpha !== after.alpha || before.range[0] !== after.range[0] || before.range[1] !== after.range[1]) {
        changes.set(name, after)
      }
    }
    this.recompute(changes)
    this.alphas.clear()
    for (const unit of this.mixUnits) this.alphas.set(unit.name, state.mix[unit.name] ?? 0)
    this.ranges.clear()
    for (const [layer, range] of Object.entries(state.prune)) this.ranges.set(layer, [range[0], range[1]])
  }

  override dispose(): void {
    // the clone's variables go with it; the source models are the caller's and stay
    super.dispose()
    this.kept.clear()
  }

  private edit(layer: string): LayerEdit {
    return { alpha: this.alphas.get(this.unitOfLayer.get(layer)!) ?? 0, range: this.ranges.get(layer) ?? FULL_PRUNE_RANGE }
  }

  private unit(name: string): MixUnit {
    const unit = this.unitByName.get(name)
    if (!unit) {
      const known = this.mixUnits.map((u) => u.name).join(', ')
      throw new Error(`Edited model has no mixing ${this.granularity} "${name}" (it has: ${known}).`)
    }
    return unit
  }

  private prunableKind(layer: string): PrunableKind {
    const kind = this.prunableKinds.get(layer)
    if (!kind) {
      const known = [...this.prunableKinds.keys()].join(', ')
      throw new Error(`Layer "${layer}" cannot be pruned (prunable layers: ${known}).`)
    }
    return kind
  }

  /** Writes `mask ⊙ mix` into the listed layers' variables, all or nothing. */
  private recompute(changes: ReadonlyMap<string, LayerEdit>, notify = true): void {
    if (changes.size === 0) return
    if (this.disposed) throw new Error(`Edited model "${this.descriptor.name}" has been disposed.`)
    const model1 = editableLayersModel(this.model1, 'Model 1')
    const needed: SourceLayer[] = []
    for (const [layer, { alpha }] of changes) {
      if (alpha < 1) needed.push({ model: this.model1, source: 'Model 1', layer })
      if (alpha > 0) {
        if (!this.model2) throw new Error(`Cannot mix "${layer}": this edited model was created without a Model 2.`)
        needed.push({ model: this.model2, source: 'Model 2', layer })
      }
    }
    const model2 = this.model2 && needed.some((n) => n.source === 'Model 2') ? editableLayersModel(this.model2, 'Model 2') : undefined
    this.finiteness.assertFinite(needed)

    const computed = computeEditedWeights(changes, { model1, model2 }, this.prunableKinds)
    try {
      for (const { layer, values, kept } of computed) {
        this.layersModel.getLayer(layer).weights.forEach((weight, i) => (weight.read() as tf.Variable).assign(values[i]))
        if (kept) this.kept.set(layer, kept)
        else this.kept.delete(layer)
      }
    } finally {
      // each variable now holds its own reference to the data
      for (const { values } of computed) tf.dispose(values)
    }
    if (notify) this.markWeightsChanged()
  }
}

import type * as tf from '@tensorflow/tfjs'
import type { ExecuteRequest, ExecuteResult, LayerBlock, LayerInfo, ModelDescriptor, PerturberModel } from '../types'
import { groupIntoBlocks } from './blocks'
import { outputToLabelSpace } from './labelSpace'
import { checkFeatureVisualizations } from '../featurevis/precomputed'
import { checkNeuronGroups } from './neuronGroups'
import { preprocessPixels } from './preprocess'
import type { LayerTap } from './fusedForward'

/**
 * An {@link ExecuteRequest} that also changes some requested layers' outputs inside the pass (see
 * {@link LayerTap}): what datapath extraction uses to differentiate by every layer at once and to
 * keep only some maps. Layers models take it; graph models refuse it, saying so.
 */
export interface TappedExecuteRequest extends ExecuteRequest {
  /** By layer name; each must also be in `layers`. */
  taps?: ReadonlyMap<string, LayerTap>
}

let nextModelId = 1
/** Unique ids for model instances (also used by edited models). */
export const newModelId = (prefix: string) => `${prefix}-${nextModelId++}`

/**
 * What every {@link PerturberModel} shares: introspected layers grouped into blocks, the weight
 * version, preprocessing, label space and the checks around `execute`. Subclasses only say how
 * to run the network up to some layers and how to free it.
 */
export abstract class BasePerturberModel implements PerturberModel {
  readonly id: string
  abstract readonly format: 'layers' | 'graph'
  abstract readonly layersModel?: tf.LayersModel
  readonly layers: readonly LayerInfo[]
  readonly blocks: readonly LayerBlock[]
  private _version = 0
  private _disposed = false
  private readonly layerByName: Map<string, LayerInfo>

  protected constructor(
    readonly descriptor: ModelDescriptor,
    spatial: readonly Omit<LayerInfo, 'block'>[],
    id: string,
    /** each layer's block as the graph says (see `inferBlocks`); explicit `layerGroups` win */
    inferredBlocks?: ReadonlyMap<string, string>,
  ) {
    this.id = id
    const grouped = groupIntoBlocks(spatial, descriptor.layerGroups, inferredBlocks)
    this.layers = grouped.layers
    this.blocks = grouped.blocks
    // before anything is owned: a failed check leaves the caller's model as it was
    checkNeuronGroups(descriptor, this.layers)
    checkFeatureVisualizations(descriptor, this.layers)
    this.layerByName = new Map(this.layers.map((l) => [l.name, l]))
  }

  get version() {
    return this._version
  }
  get disposed() {
    return this._disposed
  }

  markWeightsChanged() {
    this._version++
  }

  layer(name: string): LayerInfo {
    const info = this.layerByName.get(name)
    if (!info) throw new Error(`Model "${this.descriptor.name}" has no spatial layer "${name}".`)
    return info
  }

  preprocess(pixels: tf.Tensor4D): tf.Tensor4D {
    return preprocessPixels(pixels, this.descriptor)
  }

  execute(input: tf.Tensor4D, request: TappedExecuteRequest): ExecuteResult {
    if (this._disposed) throw new Error(`Model "${this.descriptor.name}" has been disposed.`)
    const names = [...new Set(request.layers)]
    for (const name of names) this.layer(name)
    const share = [...new Set(request.share ?? [])]
    if (names.length === 0 && !request.predictions && share.length === 0) return { activations: new Map() }
    for (const name of request.taps?.keys() ?? []) {
      if (!names.includes(name)) throw new Error(`A tap on "${name}" needs that layer among the requested layers.`)
    }
    const taps = request.taps?.size ? request.taps : undefined
    const outputs = this.run(input, names, request.predictions, share, request.reuse, taps)
    const activations = new Map<string, tf.Tensor4D>()
    names.forEach((name, i) => activations.set(name, outputs[i] as tf.Tensor4D))
    const at = names.length + (request.predictions ? 1 : 0)
    const result: ExecuteResult = { activations, output: request.predictions ? (outputs[names.length] as tf.Tensor2D) : undefined }
    if (share.length) result.shared = new Map(share.map((name, i) => [name, outputs[at + i]]))
    return result
  }

  toLabelSpace(output: tf.Tensor2D, as: 'logits' | 'probabilities'): tf.Tensor2D {
    return outputToLabelSpace(output, this.descriptor.output, as)
  }

  dispose() {
    if (this._disposed) return
    this._disposed = true
    this.release()
  }

  /**
   * The activations of `layers` in order, then the head output when `predictions`, then the
   * outputs of the `share` layers. `reuse` (layer outputs another model computed) may be ignored;
   * `taps` must be applied or refused (thrown), never ignored.
   */
  protected abstract run(input: tf.Tensor4D, layers: readonly string[], predictions: boolean, share: readonly string[], reuse?: ReadonlyMap<string, tf.Tensor>, taps?: ReadonlyMap<string, LayerTap>): tf.Tensor[]
  /** Frees the network's weights. */
  protected abstract release(): void
}

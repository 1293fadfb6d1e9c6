import * as tf from '@tensorflow/tfjs'
import type { ExecuteRequest, LayerInfo, ModelDescriptor, PerturberModel } from '../types'
import { BasePerturberModel, newModelId } from './BasePerturberModel'
import { inferBlocks, layersGraph } from './blocks'
import { FusedForward, type LayerTap } from './fusedForward'

export { newModelId }

/**
 * Layers with a single rank-4 output [null, h, w, c] with more than one position, in topological
 * order. 1×1 outputs (pooled features, reshaped logits) are not maps and are left out.
 */
export function spatialLayers(model: tf.LayersModel): Omit<LayerInfo, 'block'>[] {
  const result: Omit<LayerInfo, 'block'>[] = []
  model.layers.forEach((layer, depth) => {
    if (layer.getClassName() === 'InputLayer') return
    const shape = layer.outputShape
    if (!Array.isArray(shape) || shape.length !== 4 || Array.isArray(shape[0])) return
    const [, h, w, c] = shape as (number | null)[]
    if (!h || !w || !c || h * w === 1) return
    result.push({ name: layer.name, shape: [h, w, c], channels: c, depth })
  })
  return result
}

/**
 * Disposes a layers model and every weight it holds. TF.js counts a layer's uses and frees its
 * weights only when the count drops to zero, but a model's `dispose` drops it once per layer: a
 * layer applied several times in the graph (shared, or repeated in a hostile model.json) would keep
 * its weights forever.
 */
export function disposeLayersModel(model: tf.LayersModel) {
  const weights = model.weights
  try {
    model.dispose()
  } finally {
    for (const weight of weights) {
      try {
        weight.dispose()
      } catch {
        // already freed with its layer
      }
    }
  }
}

export interface LayersModelOptions {
  id?: string
  /**
   * Fold each convolution's BatchNormalization and activation layers into one fused op (default
   * true): the same numbers up to float rounding, in a quarter to a third of the kernels for
   * Keras-style models. `false` runs every layer as TF.js does.
   */
  fuse?: boolean
}

/** A TF.js layers model behind the {@link PerturberModel} API. */
export class LayersPerturberModel extends BasePerturberModel {
  readonly format = 'layers' as const
  /** Sub-models sharing this model's layers (and so its weights), one per output set. */
  private readonly heads = new Map<string, tf.LayersModel>()

  /** Runs convolutions with their BatchNormalization and activation folded in (unless `fuse: false`). */
  private readonly fused?: FusedForward
  /** With `fuse: false`, a runner for tapped passes only (built on the first; the same numbers up to rounding). */
  private tapRunner?: FusedForward

  constructor(
    readonly layersModel: tf.LayersModel,
    descriptor: ModelDescriptor,
    options: LayersModelOptions = {},
  ) {
    super(descriptor, spatialLayers(layersModel), options.id ?? newModelId('model'), inferBlocks(layersGraph(layersModel)))
    if (options.fuse !== false) this.fused = new FusedForward(layersModel)
  }

  sharedLayers(source: PerturberModel, request: ExecuteRequest): string[] {
    if (!this.fused || !(source instanceof LayersPerturberModel) || !source.fused || source.disposed) return []
    return this.fused.sharedLayers(source.fused, request.layers, request.predictions)
  }

  protected run(input: tf.Tensor4D, layers: readonly string[], predictions: boolean, share: readonly string[], reuse?: ReadonlyMap<string, tf.Tensor>, taps?: ReadonlyMap<string, LayerTap>): tf.Tensor[] {
    // a TF.js sub-model runs whole: only the runner that applies one layer at a time can change a layer's output
    const runner = taps ? (this.fused ?? (this.tapRunner ??= new FusedForward(this.layersModel))) : this.fused
    const fused = runner?.run(input, { layers, predictions, share, reuse, taps })
    if (fused) return fused
    if (taps) {
      throw new Error(
        `Model "${this.descriptor.name}" shares layers or has layers with several outputs, which the layer-by-layer runner does not handle, so taps (datapaths, keeping only some maps) are not available for it.`,
      )
    }
    const raw = this.head(layers, predictions, share).apply(input, { training: false }) as tf.Tensor | tf.Tensor[]
    return Array.isArray(raw) ? raw : [raw]
  }

  protected release() {
    this.fused?.dispose()
    this.tapRunner?.dispose()
    this.heads.clear()
    disposeLayersModel(this.layersModel)
  }

  /** A sub-model with the outputs `run` returns, in its order. */
  private head(names: readonly string[], predictions: boolean, share: readonly string[]): tf.LayersModel {
    const key = `${names.join('\u0000')}|${predictions}|${share.join('\u0000')}`
    let head = this.heads.get(key)
    if (!head) {
      const m = this.layersModel
      const outputsOf = (layers: readonly string[]) => layers.map((name) => m.getLayer(name).output as tf.SymbolicTensor)
      // a functional model over a subset of outputs only runs the layers those outputs need
      head = tf.model({ inputs: m.inputs, outputs: [...outputsOf(names), ...(predictions ? m.outputs : []), ...outputsOf(share)] })
      this.heads.set(key, head)
    }
    return head
  }
}

import * as tf from '@tensorflow/tfjs'
import type { ExecuteRequest, ExecuteResult, LayerBlock, LayerInfo, ModelDescriptor, PerturberModel } from '../types'
import { groupIntoBlocks } from './blocks'
import { outputToLabelSpace } from './labelSpace'
import { preprocessPixels } from './preprocess'

let nextModelId = 1
/** Unique ids for model instances (also used by edited models). */
export const newModelId = (prefix: string) => `${prefix}-${nextModelId++}`

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

/** A TF.js layers model behind the {@link PerturberModel} API. */
export class LayersPerturberModel implements PerturberModel {
  readonly id: string
  readonly format = 'layers' as const
  readonly layers: readonly LayerInfo[]
  readonly blocks: readonly LayerBlock[]
  private _version = 0
  private _disposed = false
  /** Sub-models sharing this model's layers (and so its weights), one per output set. */
  private readonly heads = new Map<string, tf.LayersModel>()
  private readonly layerByName: Map<string, LayerInfo>

  constructor(
    readonly layersModel: tf.LayersModel,
    readonly descriptor: ModelDescriptor,
    options: { id?: string } = {},
  ) {
    this.id = options.id ?? newModelId('model')
    const grouped = groupIntoBlocks(spatialLayers(layersModel), descriptor.layerGroups)
    this.layers = grouped.layers
    this.blocks = grouped.blocks
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

  execute(input: tf.Tensor4D, request: ExecuteRequest): ExecuteResult {
    this.assertAlive()
    const names = [...new Set(request.layers)]
    for (const name of names) this.layer(name)
    if (names.length === 0 && !request.predictions) return { activations: new Map() }
    const head = this.head(names, request.predictions)
    const raw = head.apply(input, { training: false }) as tf.Tensor | tf.Tensor[]
    const outputs = Array.isArray(raw) ? raw : [raw]
    const activations = new Map<string, tf.Tensor4D>()
    names.forEach((name, i) => activations.set(name, outputs[i] as tf.Tensor4D))
    return { activations, output: request.predictions ? (outputs[names.length] as tf.Tensor2D) : undefined }
  }

  toLabelSpace(output: tf.Tensor2D, as: 'logits' | 'probabilities'): tf.Tensor2D {
    return outputToLabelSpace(output, this.descriptor.output, as)
  }

  dispose() {
    if (this._disposed) return
    this._disposed = true
    this.heads.clear()
    this.layersModel.dispose()
  }

  private head(names: readonly string[], predictions: boolean): tf.LayersModel {
    const key = `${names.join('\u0000')}|${predictions}`
    let head = this.heads.get(key)
    if (!head) {
      const m = this.layersModel
      const outputs = names.map((name) => m.getLayer(name).output as tf.SymbolicTensor)
      if (predictions) outputs.push(...m.outputs)
      // a functional model over a subset of outputs only runs the layers those outputs need
      head = tf.model({ inputs: m.inputs, outputs })
      this.heads.set(key, head)
    }
    return head
  }

  private assertAlive() {
    if (this._disposed) throw new Error(`Model "${this.descriptor.name}" has been disposed.`)
  }
}

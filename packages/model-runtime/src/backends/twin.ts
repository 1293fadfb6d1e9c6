import * as tf from '@tensorflow/tfjs'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import type { PerturberModel } from '../types'

/**
 * A copy of a layers model whose variables live on another backend, so forward passes (e.g. wasm)
 * and gradients (e.g. webgl) never move weights back and forth. It shares the source's id and
 * version, and re-copies the weights lazily when the source was edited.
 */
export class TwinModel extends LayersPerturberModel {
  private syncedVersion: number

  private constructor(
    readonly source: PerturberModel,
    layersModel: tf.LayersModel,
  ) {
    super(layersModel, source.descriptor, { id: source.id })
    this.syncedVersion = source.version
  }

  override get version() {
    return this.source.version
  }

  /** Builds the twin on the current backend (call inside the target backend's queue task). */
  static async create(source: PerturberModel): Promise<TwinModel> {
    if (!source.layersModel) throw new Error(`Model "${source.descriptor.name}" is a graph model and has no layers to copy.`)
    const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve, reject) => {
      source
        .layersModel!.save(
          tf.io.withSaveHandler(async (a) => {
            resolve(a)
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
          }),
        )
        .catch(reject)
    })
    const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts))
    return new TwinModel(source, copy)
  }

  /** Copies the source's weights if it changed since the last sync (current backend). */
  async sync(): Promise<void> {
    if (this.syncedVersion === this.source.version) return
    const version = this.source.version
    const values = await Promise.all(this.source.layersModel!.weights.map((w) => w.read().data()))
    tf.tidy(() => {
      this.layersModel.weights.forEach((w, i) => {
        w.write(tf.tensor(values[i], w.shape as number[], w.dtype))
      })
    })
    this.syncedVersion = version
  }
}

import * as tf from '@tensorflow/tfjs'
import type { PerturberModel } from '../types'
import { NonFiniteWeightsError } from './errors'

export interface SourceLayer {
  model: PerturberModel
  source: 'Model 1' | 'Model 2'
  layer: string
}

/**
 * Remembers which source layers hold only finite weights, per model version, so that checking
 * costs one GPU read the first time a source layer is used and nothing afterwards. Mixing finite
 * weights with α ∈ [0, 1] and masking them gives finite weights, so checking the sources is enough.
 */
export class SourceFiniteness {
  /** `${model id}/${layer}` → the model version checked and its verdict. */
  private readonly verdicts = new Map<string, { version: number; finite: boolean }>()

  /** Throws {@link NonFiniteWeightsError} naming every listed source layer with a NaN or an infinity. */
  assertFinite(needed: readonly SourceLayer[]): void {
    const key = ({ model, layer }: SourceLayer) => `${model.id}/${layer}`
    const unknown = dedupe(needed.filter((n) => this.verdicts.get(key(n))?.version !== n.model.version), key)
    if (unknown.length > 0) {
      const finite = tf.tidy(() =>
        tf.stack(unknown.map((n) => allFinite(n.model.layersModel!.getLayer(n.layer).weights.map((w) => w.read())))).dataSync(),
      )
      unknown.forEach((n, i) => this.verdicts.set(key(n), { version: n.model.version, finite: finite[i] === 1 }))
    }
    const offenders = dedupe(needed.filter((n) => !this.verdicts.get(key(n))!.finite), key)
    if (offenders.length > 0) throw new NonFiniteWeightsError(offenders.map(({ layer, source }) => ({ layer, source })))
  }
}

/** 1 when every element of every tensor is finite, else 0 (int32 scalar). */
function allFinite(tensors: readonly tf.Tensor[]): tf.Scalar {
  const flags = tensors.map((t) => tf.all(tf.isFinite(t)).toInt())
  return (flags.length === 0 ? tf.scalar(1, 'int32') : tf.min(tf.stack(flags))) as tf.Scalar
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined)
}

import * as tf from '@tensorflow/tfjs'
import type { PrunableKind } from './editableLayers'
import { weightRole } from './editableLayers'
import { mixWeights } from './mixWeights'
import { isFullPruneRange, pruneMask, type PruneRange } from './pruneMask'
import { channelMagnitudes, maskOutputChannels, type RoledWeights } from './pruneWeights'

/** What one layer of the edited model should be: its mixing α and its pruning range. */
export interface LayerEdit {
  alpha: number
  range: PruneRange
}

export interface EditedLayerWeights {
  layer: string
  /** New values in the layer's weight order; the caller owns (and disposes) them. */
  values: tf.Tensor[]
  /** Kept output channels, for a pruned layer. */
  kept?: boolean[]
}

export interface EditSources {
  model1: tf.LayersModel
  model2?: tf.LayersModel
}

const currentWeights = (model: tf.LayersModel, layer: string): RoledWeights => {
  const weights = model.getLayer(layer).weights
  return { roles: weights.map(weightRole), values: weights.map((w) => w.read()) }
}

/**
 * mask ⊙ mix(W₁, W₂) for each listed layer: Eq. 5.1, then Eq. 5.2–5.6 on the mixed kernel (the
 * magnitudes that rank the channels are those of the weights being pruned). All pruned layers'
 * magnitudes come back to the CPU in one read, so an update costs one GPU sync at most.
 */
export function computeEditedWeights(
  edits: ReadonlyMap<string, LayerEdit>,
  sources: EditSources,
  prunableKinds: ReadonlyMap<string, PrunableKind>,
): EditedLayerWeights[] {
  return tf.tidy(() => {
    const mixed = [...edits].map(([layer, edit]) => {
      const w1 = currentWeights(sources.model1, layer)
      const w2 = sources.model2 && edit.alpha > 0 ? currentWeights(sources.model2, layer).values : undefined
      const values = w1.values.map((w, i) => mixWeights(w, w2?.[i], edit.alpha))
      return { layer, edit, weights: { roles: w1.roles, values } }
    })

    const pruned = mixed.filter(({ layer, edit }) => prunableKinds.has(layer) && !isFullPruneRange(edit.range))
    const magnitudes = pruned.map(({ layer, weights }) => channelMagnitudes(prunableKinds.get(layer)!, weights))
    const allMagnitudes = magnitudes.length > 0 ? tf.concat(magnitudes).dataSync() : new Float32Array()

    let offset = 0
    const masks = new Map<string, boolean[]>()
    pruned.forEach(({ layer, edit }, i) => {
      const count = magnitudes[i].size
      masks.set(layer, pruneMask(allMagnitudes.subarray(offset, offset + count), edit.range))
      offset += count
    })

    return mixed.map(({ layer, weights }) => {
      const kept = masks.get(layer)
      const values = kept ? maskOutputChannels(prunableKinds.get(layer)!, weights, kept) : [...weights.values]
      return { layer, values, kept }
    })
  }) as unknown as EditedLayerWeights[]
}

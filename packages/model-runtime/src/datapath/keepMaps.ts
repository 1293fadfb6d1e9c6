import * as tf from '@tensorflow/tfjs'
import { topIndices } from '../inference/inferFrame'
import type { TappedExecuteRequest } from '../model/BasePerturberModel'
import type { FramePixels, PerturberModel } from '../types'
import { framesInput } from './contributions'

/**
 * Each frame's top-1 label-space class when only `maps` of `layer` are kept and the layer's
 * other maps are zeroed (everything after the layer sees the zeros): AEVis' test of a critical
 * set, "by only combining the contributions of the critical neurons, the prediction will not be
 * changed". `maps` is one list for all frames or one per frame. One batched forward pass with a
 * 0/1 tap per frame and map on the layer; any backend. Leaves no tensor behind.
 */
export async function keepOnlyMaps(model: PerturberModel, frames: readonly FramePixels[], layer: string, maps: readonly number[] | readonly (readonly number[])[]): Promise<Int32Array> {
  const info = model.layers.find((l) => l.name === layer)
  if (!info) throw new Error(`"${model.descriptor.name}" has no spatial layer "${layer}".`)
  const perFrame = maps.length > 0 && Array.isArray(maps[0]) ? (maps as readonly (readonly number[])[]) : frames.map(() => maps as readonly number[])
  if (perFrame.length !== frames.length) throw new Error(`Keeping maps: ${perFrame.length} lists of maps for ${frames.length} frames.`)
  const c = info.channels
  const mask = new Float32Array(frames.length * c)
  perFrame.forEach((list, k) => {
    for (const j of list) {
      if (!(Number.isInteger(j) && j >= 0 && j < c)) throw new RangeError(`Layer "${layer}" has maps 0..${c - 1}; got ${j}.`)
      mask[k * c + j] = 1
    }
  })
  const top = tf.tidy(() => {
    const input = framesInput(model, frames)
    const request: TappedExecuteRequest = { layers: [layer], predictions: true, taps: new Map([[layer, { scale: tf.tensor4d(mask, [frames.length, 1, 1, c]) }]]) }
    const { output } = model.execute(input, request)
    return tf.argMax(model.toLabelSpace(output!, 'logits'), 1)
  })
  try {
    return Int32Array.from(await top.data())
  } finally {
    top.dispose()
  }
}

/** The `count` maps with the largest mean activation, largest first: the activation-based baseline AEVis argues against. */
export function mostActivatedMaps(meanActivation: ArrayLike<number>, count: number): number[] {
  return topIndices(meanActivation, count)
}

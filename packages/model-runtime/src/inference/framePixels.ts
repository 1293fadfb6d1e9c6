import * as tf from '@tensorflow/tfjs'
import type { FramePixels } from '../types'

/**
 * RGBA frame (Uint8 0..255 or float 0..1) → RGB [1, h, w, 3] float in [0, 1]. Repacked on the CPU
 * (≈0.2 ms at 224²) so one upload works the same on every backend.
 */
export function framePixelsToTensor(frame: FramePixels): tf.Tensor4D {
  const { width, height, data } = frame
  const count = width * height
  if (data.length !== count * 4) {
    throw new Error(`Frame ${frame.frameId}: expected ${width}×${height}×4 = ${count * 4} values, got ${data.length}.`)
  }
  const rgb = new Float32Array(count * 3)
  const scale = data instanceof Float32Array ? 1 : 1 / 255
  for (let i = 0; i < count; i++) {
    rgb[i * 3] = data[i * 4] * scale
    rgb[i * 3 + 1] = data[i * 4 + 1] * scale
    rgb[i * 3 + 2] = data[i * 4 + 2] * scale
  }
  return tf.tensor4d(rgb, [1, height, width, 3])
}

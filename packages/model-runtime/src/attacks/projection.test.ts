import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { encodeOverlayTexture } from './overlayTexture'
import { ascentDirection, defaultEpsilon, perturbationBounds, projectPerturbation } from './projection'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const t4 = (values: number[]) => tf.tensor4d(values, [1, 1, values.length / 3, 3])
const close = (actual: ArrayLike<number>, expected: number[], digits = 6) => {
  expect(actual.length).toBe(expected.length)
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits))
}

describe('ascent directions', () => {
  test('L∞ is the sign, L2 the unit vector, zero stays zero', () => {
    const g = t4([3, -4, 0, 0, 0, 0])
    close(ascentDirection(g, 'linf').dataSync(), [1, -1, 0, 0, 0, 0])
    close(ascentDirection(g, 'l2').dataSync(), [0.6, -0.8, 0, 0, 0, 0])
    close(ascentDirection(tf.zeros([1, 1, 1, 3]) as tf.Tensor4D, 'l2').dataSync(), [0, 0, 0])
  })
})

describe('projection into the ε-ball and the pixel range', () => {
  const clean = () => t4([0.5, 0.02, 0.99, 0.5, 0.5, 0.5])

  test('L∞ bounds are the tighter of ±ε and the pixel range', () => {
    const { lower, upper } = perturbationBounds(clean(), 'linf', 0.1)
    close(lower.dataSync(), [-0.1, -0.02, -0.1, -0.1, -0.1, -0.1])
    close(upper.dataSync(), [0.1, 0.1, 0.01, 0.1, 0.1, 0.1])
  })

  test('L∞ clips each component', () => {
    const bounds = perturbationBounds(clean(), 'linf', 0.1)
    const delta = t4([0.3, -0.3, 0.3, -0.05, 0.05, 0])
    close(projectPerturbation(delta, bounds, 'linf', 0.1).dataSync(), [0.1, -0.02, 0.01, -0.05, 0.05, 0])
  })

  test('L2 rescales onto the sphere when outside, leaves it alone inside, then clips to the pixel range', () => {
    const mid = t4([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    const bounds = perturbationBounds(mid, 'l2', 0.25)
    // ‖(0.3, 0.4)‖ = 0.5 → scaled by 0.25 / 0.5
    close(projectPerturbation(t4([0.3, 0.4, 0, 0, 0, 0]), bounds, 'l2', 0.25).dataSync(), [0.15, 0.2, 0, 0, 0, 0])
    close(projectPerturbation(t4([0.03, -0.04, 0, 0, 0, 0]), bounds, 'l2', 0.25).dataSync(), [0.03, -0.04, 0, 0, 0, 0])
    // the pixel range wins over the ball: 0.02 − 0.2 would be negative
    const edge = perturbationBounds(clean(), 'l2', 1)
    close(projectPerturbation(t4([0, -0.2, 0.2, 0, 0, 0]), edge, 'l2', 1).dataSync(), [0, -0.02, 0.01, 0, 0, 0])
  })

  test('default ε: 8/255 for L∞; 3 at 224² for L2, scaled with √pixels', () => {
    expect(defaultEpsilon('linf', 16, 16)).toBe(8 / 255)
    // L2: every pixel channel changed by 8/255 on average (RMS), so ε grows with √(pixels)
    expect(defaultEpsilon('l2', 224, 224)).toBeCloseTo((8 / 255) * Math.sqrt(3 * 224 * 224), 12)
    expect(defaultEpsilon('l2', 224, 224)).toBeCloseTo(12.17, 2)
    expect(defaultEpsilon('l2', 112, 112)).toBeCloseTo(defaultEpsilon('l2', 224, 224) / 2, 12)
    expect(defaultEpsilon('l2', 300, 100) / Math.sqrt(3 * 300 * 100)).toBeCloseTo(8 / 255, 12)
  })
})

describe('overlay texture', () => {
  // 2×3 image; δ value encodes (x, y, channel) so every texel can be checked
  const width = 2
  const height = 3
  const delta = new Float32Array(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) delta[(y * width + x) * 3 + c] = (x + 10 * y + 100 * c) / -1000

  test('bottom-up rows (DataTexture + fetchImage): image row y sits in texel row h−1−y, signed, alpha 1', () => {
    const tex = encodeOverlayTexture(delta, width, height)
    expect(tex.data.length).toBe(width * height * 4)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const texel = ((height - 1 - y) * width + x) * 4
        close(Array.from(tex.data.subarray(texel, texel + 4)), [(x + 10 * y) / -1000, (x + 10 * y + 100) / -1000, (x + 10 * y + 200) / -1000, 1])
      }
  })

  test('top-down keeps image order; wrong sizes are rejected', () => {
    const tex = encodeOverlayTexture(delta, width, height, { rowOrder: 'top-down' })
    close(Array.from(tex.data.subarray(0, 4)), [0, -0.1, -0.2, 1])
    expect(() => encodeOverlayTexture(delta, 3, 3)).toThrow(/expected 3×3×3 = 27 values, got 18/)
  })
})

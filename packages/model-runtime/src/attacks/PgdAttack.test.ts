import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { branchingModel, residualModel, tinyDescriptor } from '../testing/tinyModels'
import type { ModelDescriptor } from '../types'
import { PgdAttack } from './PgdAttack'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const SIZE = 16

/** A smooth pattern in [0.1, 0.9], so small steps never touch the pixel range. */
function midFrame(size = SIZE, phase = 0): tf.Tensor4D {
  const values = new Float32Array(size * size * 3)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) values[(y * size + x) * 3 + c] = 0.5 + 0.4 * Math.sin(0.7 * x + 1.3 * y + 2.1 * c + phase)
  return tf.tensor4d(values, [1, size, size, 3])
}

/** Reads clean + δ and δ of an attack. */
function state(attack: PgdAttack) {
  const adversarial = attack.adversarialTensor()
  const delta = attack.perturbationTensor()
  const out = { adversarial: adversarial.dataSync(), delta: delta.dataSync() }
  tf.dispose([adversarial, delta])
  return out
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0)
const l2 = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0))

describe('PGD on a residual softmax model (tiny, built in the test)', () => {
  let model: LayersPerturberModel
  let frame: tf.Tensor4D
  beforeAll(() => {
    model = new LayersPerturberModel(residualModel(3, SIZE, 6), tinyDescriptor({ output: { kind: 'probabilities' } }, 6, SIZE))
    frame = midFrame()
  })
  afterAll(() => {
    frame.dispose()
    model.dispose()
  })

  test('L∞: one step moves every pixel by exactly ±α; after many steps max|δ| = ε and never more', () => {
    const epsilon = 0.04
    const attack = new PgdAttack(model, frame, { norm: 'linf', epsilon })
    expect(attack.stepSize).toBe(epsilon / 8)
    const first = attack.step()
    expect(first.step).toBe(1)
    expect(first.linf).toBeCloseTo(epsilon / 8, 7)
    // sign steps: every component is ±α (the gradient is nowhere exactly zero on this smooth frame)
    for (const v of first.perturbation) expect(Math.abs(v)).toBeCloseTo(epsilon / 8, 7)
    const last = attack.step(19)
    expect(last.step).toBe(20)
    const { adversarial, delta } = state(attack)
    expect(maxAbs(delta)).toBeLessThanOrEqual(epsilon + 1e-6)
    expect(last.linf).toBeCloseTo(epsilon, 6)
    expect(last.linf).toBeCloseTo(maxAbs(last.perturbation), 7)
    expect(last.l2).toBeCloseTo(l2(last.perturbation), 5)
    expect(Math.min(...adversarial)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...adversarial)).toBeLessThanOrEqual(1)
    attack.dispose()
  })

  test('L2: one step has length α; the ball holds for 20 steps of ε/8', () => {
    const epsilon = 0.5
    const attack = new PgdAttack(model, frame, { norm: 'l2', epsilon })
    const first = attack.step()
    expect(first.l2).toBeCloseTo(epsilon / 8, 6)
    let result = first
    for (let i = 0; i < 19; i++) {
      result = attack.step()
      expect(result.l2).toBeLessThanOrEqual(epsilon + 1e-5)
    }
    const { adversarial, delta } = state(attack)
    expect(l2(delta)).toBeLessThanOrEqual(epsilon + 1e-5)
    // 20 steps of ε/8 in a consistent direction reach the sphere
    expect(result.l2).toBeGreaterThan(0.9 * epsilon)
    expect(Math.min(...adversarial)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...adversarial)).toBeLessThanOrEqual(1)
    attack.dispose()
  })

  test('clean + δ stays in [0, 1] when ε is large and the frame is saturated', () => {
    const values = new Float32Array(SIZE * SIZE * 3).map((_, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 0.5))
    const saturated = tf.tensor4d(values, [1, SIZE, SIZE, 3])
    for (const norm of ['linf', 'l2'] as const) {
      const attack = new PgdAttack(model, saturated, { norm, epsilon: 0.6, stepSize: 0.3 })
      attack.step(6)
      const { adversarial, delta } = state(attack)
      expect(Math.min(...adversarial)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...adversarial)).toBeLessThanOrEqual(1)
      // the range clip was active: saturated channels can only move inwards
      for (let i = 0; i < delta.length; i += 3) {
        expect(delta[i]).toBeGreaterThanOrEqual(0)
        expect(delta[i + 1]).toBeLessThanOrEqual(0)
      }
      if (norm === 'linf') expect(maxAbs(delta)).toBeLessThanOrEqual(0.6 + 1e-6)
      else expect(l2(delta)).toBeLessThanOrEqual(0.6 + 1e-5)
      attack.dispose()
    }
    saturated.dispose()
  })

  test('untargeted: the original (clean top-1) class never gains on average and clearly loses after several steps', () => {
    const attack = new PgdAttack(model, frame, { epsilon: 0.1 })
    const clean = attack.result()
    expect(clean.step).toBe(0)
    expect(clean.top[0].label).toBe(attack.originalClass)
    expect(clean.after.original).toBeCloseTo(clean.before.original, 6)
    const trajectory = [clean.before.original]
    for (let i = 0; i < 8; i++) trajectory.push(attack.step().after.original)
    const changes = trajectory.slice(1).map((p, i) => p - trajectory[i])
    const meanChange = changes.reduce((a, b) => a + b, 0) / changes.length
    expect(meanChange).toBeLessThan(0)
    expect(trajectory[8]).toBeLessThan(0.8 * trajectory[0])
    attack.dispose()
  })

  test('targeted: the target class gains', () => {
    const probe = new PgdAttack(model, frame)
    const probabilities = probe.result().top
    probe.dispose()
    const leastLikely = probabilities[probabilities.length - 1].label
    const attack = new PgdAttack(model, frame, { targeted: { target: leastLikely }, topK: 6, epsilon: 0.25 })
    const before = attack.result().after.target!
    const after = attack.step(12)
    expect(after.target).toBe(leastLikely)
    expect(after.before.target).toBeCloseTo(before, 6)
    expect(after.after.target!).toBeGreaterThan(1.3 * before)
    attack.dispose()
  })

  test('tensor count is constant across 20 steps and back to the start after dispose; reset returns to δ = 0', () => {
    const start = tf.memory().numTensors
    const attack = new PgdAttack(model, frame, { norm: 'l2', epsilon: 0.3 })
    attack.step()
    const afterFirst = tf.memory().numTensors
    for (let i = 0; i < 20; i++) attack.step()
    expect(tf.memory().numTensors).toBe(afterFirst)
    attack.reset()
    const reset = attack.result()
    expect(reset.step).toBe(0)
    expect(reset.linf).toBe(0)
    expect(reset.after.original).toBeCloseTo(reset.before.original, 6)
    expect(tf.memory().numTensors).toBe(afterFirst)
    attack.dispose()
    expect(tf.memory().numTensors).toBe(start)
    expect(() => attack.step()).toThrow(/disposed/)
  })

  test('stepAsync gives the same result as step', async () => {
    const a = new PgdAttack(model, frame, { epsilon: 0.05 })
    const b = new PgdAttack(model, frame, { epsilon: 0.05 })
    const sync = a.step(3)
    const async = await b.stepAsync(3)
    expect(Array.from(async.perturbation)).toEqual(Array.from(sync.perturbation))
    expect(async.after).toEqual(sync.after)
    a.dispose()
    b.dispose()
  })

  test('takes RGBA frame pixels (Uint8) like the scene reads them', () => {
    const rgb = frame.dataSync()
    const data = new Uint8Array(SIZE * SIZE * 4)
    for (let i = 0; i < SIZE * SIZE; i++) {
      for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(rgb[i * 3 + c] * 255)
      data[i * 4 + 3] = 255
    }
    const fromFrame = new PgdAttack(model, { frameId: 1, width: SIZE, height: SIZE, data }, { epsilon: 0.05 })
    const quantised = tf.tensor4d(Float32Array.from(data.filter((_, i) => i % 4 !== 3), (v) => v / 255), [1, SIZE, SIZE, 3])
    const fromTensor = new PgdAttack(model, quantised, { epsilon: 0.05 })
    expect(Array.from(fromFrame.step(2).perturbation)).toEqual(Array.from(fromTensor.step(2).perturbation))
    tf.dispose(quantised)
    fromFrame.dispose()
    fromTensor.dispose()
  })

  test('bad labels are rejected without leaking', () => {
    const start = tf.memory().numTensors
    expect(() => new PgdAttack(model, frame, { targeted: { target: 6 } })).toThrow(/target 6 is not a label index of "tiny" \(0\.\.5\)/)
    expect(() => new PgdAttack(model, frame, { originalClass: -1 })).toThrow(/originalClass -1/)
    expect(tf.memory().numTensors).toBe(start)
  })
})

describe('PGD differentiates through the model’s preprocessing', () => {
  /** Smooth (tanh) logits model, so finite differences are accurate. */
  function smoothModel(size: number): tf.LayersModel {
    const init = (seed: number) => tf.initializers.glorotUniform({ seed })
    const input = tf.input({ shape: [size, size, 3] })
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'tanh', kernelInitializer: init(11) }).apply(input) as tf.SymbolicTensor
    const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor
    const logits = tf.layers.dense({ units: 4, kernelInitializer: init(12) }).apply(flat) as tf.SymbolicTensor
    return tf.model({ inputs: input, outputs: logits })
  }
  // Caffe-style: BGR, 0..255, mean subtracted; with a std too, so every part of the map matters
  const descriptor: ModelDescriptor = tinyDescriptor(
    { channelOrder: 'BGR', preprocessing: { kind: 'meanStd', pixelScale: 255, mean: [104, 117, 124], std: [58, 57, 60] } },
    4,
    8,
  )
  /** The loss J = log softmax(z)[c] with preprocessing written out by hand. */
  const manualLoss = (layers: tf.LayersModel, x: tf.Tensor4D, label: number) =>
    tf.tidy(() => {
      const bgr = tf.reverse(x, -1)
      const input = tf.div(tf.sub(tf.mul(bgr, 255), tf.tensor1d([104, 117, 124])), tf.tensor1d([58, 57, 60])) as tf.Tensor4D
      const logits = layers.predict(input) as tf.Tensor2D
      return tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot([label], 4))) as tf.Scalar
    })

  test('gradient equals the hand-written pipeline’s and a finite difference on one pixel', () => {
    const layers = smoothModel(8)
    const model = new LayersPerturberModel(layers, descriptor)
    const frame = midFrame(8, 0.4)
    const target = 2
    const attack = new PgdAttack(model, frame, { targeted: { target } })
    const gradient = attack.gradient()
    const ours = gradient.dataSync()
    const reference = tf.grad((x: tf.Tensor) => manualLoss(layers, x as tf.Tensor4D, target))(frame)
    const expected = reference.dataSync()
    const scale = maxAbs(expected)
    expect(scale).toBeGreaterThan(1e-3)
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - expected[i])).toBeLessThan(1e-4 * scale)

    // central difference on the most sensitive pixel channel
    const index = Array.from(ours).reduce((best, v, i) => (Math.abs(v) > Math.abs(ours[best]) ? i : best), 0)
    const h = 1e-3
    const values = frame.dataSync().slice()
    const at = (offset: number) => {
      const shifted = values.slice()
      shifted[index] += offset
      const x = tf.tensor4d(shifted, frame.shape)
      const loss = manualLoss(layers, x, target)
      const value = loss.dataSync()[0]
      tf.dispose([x, loss])
      return value
    }
    const finiteDifference = (at(h) - at(-h)) / (2 * h)
    expect(Math.abs(finiteDifference - ours[index])).toBeLessThan(0.02 * Math.abs(ours[index]))
    tf.dispose([gradient, reference, frame])
    attack.dispose()
    model.dispose()
  })

  test('a logits model (branching architecture) is attacked in logit space', () => {
    const model = new LayersPerturberModel(branchingModel(2, SIZE, 5), tinyDescriptor({}, 5, SIZE))
    const frame = midFrame(SIZE, 1)
    const attack = new PgdAttack(model, frame, { epsilon: 0.1 })
    const result = attack.step(8)
    expect(result.after.original).toBeLessThan(result.before.original)
    attack.dispose()
    frame.dispose()
    model.dispose()
  })
})

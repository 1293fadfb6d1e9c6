import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SceneRenderer } from '@perturber/scene'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { createModelRuntime, type FrameResult, type ModelRequest, type ModelRuntime } from '@perturber/model-runtime'
import { frameToTensor } from '@perturber/model-runtime/inference'
import { branchingModel, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'
import { createTestScene } from './support/scene'
import { wasmPaths } from './support/wasm'

/**
 * Frames as GPU textures: TF.js' webgl backend on three.js' own context reads the scene's final
 * render target directly. It must see exactly the pixels readPixels() returns (row order
 * included), leave three.js rendering correctly, and leak nothing.
 */
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}
const rgbOf = (rgba: Float32Array) => Float32Array.from({ length: (rgba.length / 4) * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)])

describe('TF.js on three.js’ WebGL context (frames as textures)', () => {
  let scene: SceneRenderer
  let gl: WebGL2RenderingContext
  let runtime: ModelRuntime
  let model: LayersPerturberModel
  const size = 224
  const request = (): ModelRequest[] => [{ model, layer: 'mixed3a', channels: [0, 3, 8], topChannels: 3, predictions: true, topK: 5 }]

  beforeAll(async () => {
    scene = await createTestScene()
    gl = scene.renderer.getContext() as WebGL2RenderingContext
    runtime = await createModelRuntime({ sharedContext: { gl, resetState: () => scene.renderer.resetState() } })
    model = await runtime.forward(() => new LayersPerturberModel(branchingModel(3, size), tinyDescriptor({}, 5, size)))
  })
  afterAll(async () => {
    await runtime.forward(() => model.dispose())
    scene.dispose()
  })

  it('runs everything on the shared-context backend and accepts texture frames', () => {
    expect(runtime.plan.forward).toBe('webgl-shared')
    expect(runtime.plan.gradient).toBe('webgl-shared')
    expect(runtime.acceptsTextureFrames).toBe(true)
  })

  it('reads the texture as exactly the pixels readPixels() returns, row 0 at the top', async () => {
    const pixels = scene.readPixels()
    const frame = scene.readTexture()
    expect(frame.frameId).toBe(scene.frameId)
    expect(frame.rowOrder).toBe('bottom-up')
    const fromTexture = await runtime.forward(async () => {
      const t = frameToTensor(frame, gl)
      expect(t.shape).toEqual([1, size, size, 3])
      const data = await t.data()
      t.dispose()
      return data
    })
    // nearest filtering only for the copy: three.js' linear filtering is back
    gl.bindTexture(gl.TEXTURE_2D, frame.texture)
    expect([gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER), gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER)]).toEqual([gl.LINEAR, gl.LINEAR])
    scene.renderer.resetState()
    const rgb = rgbOf(pixels)
    expect(maxAbsDiff(fromTexture, rgb)).toBe(0) // float to float: a copy
    // the park scene is not symmetric top to bottom, so a missing flip would show
    const upsideDown = new Float32Array(rgb.length)
    const row = size * 3
    for (let y = 0; y < size; y++) upsideDown.set(rgb.subarray((size - 1 - y) * row, (size - y) * row), y * row)
    expect(maxAbsDiff(fromTexture, upsideDown)).toBeGreaterThan(0.2)
  })

  it('hands the context over at every task: GL state three.js leaves behind does not reach TF.js', async () => {
    scene.readPixels()
    // what a three.js material can leave set: blending to zero, a colour mask, flipped uploads
    gl.enable(gl.BLEND)
    gl.blendFunc(gl.ZERO, gl.ZERO)
    gl.colorMask(true, false, true, false)
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, true)
    // large enough that TF.js runs it on the GPU (small ops are forwarded to the CPU)
    const input = Float32Array.from({ length: 64 * 64 }, (_, i) => i)
    const values = await runtime.forward(async () => {
      const x = tf.tensor2d(input, [64, 64])
      const y = tf.tidy(() => tf.add(tf.mul(x, 2), 1))
      const data = await y.data()
      tf.dispose([x, y])
      return data
    })
    expect(maxAbsDiff(values, input.map((v) => 2 * v + 1))).toBe(0)
    // and three.js finds the context as its cache says after the task
    expect(gl.isEnabled(gl.BLEND)).toBe(false)
    expect(gl.getParameter(gl.COLOR_WRITEMASK)).toEqual([true, true, true, true])
  })

  it('gives the same activations and predictions from the texture as from readPixels() of the same frame', async () => {
    scene.setParams({ yaw: 20 })
    const data = scene.readPixels()
    const texture = scene.readTexture()
    const fromPixels = await runtime.infer({ frameId: scene.frameId, width: size, height: size, data }, request())
    const fromTexture = await runtime.infer(texture, request())
    const a = fromTexture.models[0]
    const b = fromPixels.models[0]
    expect(fromTexture.frameId).toBe(texture.frameId)
    expect(a.activations!.data.length).toBe(3 * 112 * 112)
    expect(a.activations!.layerStd).toBeGreaterThan(0)
    const scale = Math.max(1, b.activations!.layerStd)
    expect(maxAbsDiff(a.activations!.data, b.activations!.data)).toBeLessThan(1e-4 * scale)
    expect(Math.abs(a.activations!.layerMean - b.activations!.layerMean)).toBeLessThan(1e-4 * scale)
    expect(a.activations!.topChannels).toEqual(b.activations!.topChannels)
    expect(a.predictions!.map((p) => p.labelIndex)).toEqual(b.predictions!.map((p) => p.labelIndex))
    a.predictions!.forEach((p, i) => expect(Math.abs(p.logit - b.predictions![i].logit)).toBeLessThan(1e-4 * Math.max(1, Math.abs(p.logit))))
  })

  it('leaves three.js rendering correctly: a changed frame equals a fresh renderer’s, not blank', async () => {
    await runtime.infer(scene.readTexture(), request())
    const before = scene.readPixels()
    scene.setParams({ yaw: -70, pitch: 25 })
    const after = scene.readPixels()
    const fresh = await createTestScene()
    fresh.setParams({ ...scene.currentParams })
    const expected = fresh.readPixels()
    fresh.dispose()
    fresh.renderer.dispose()
    expect(maxAbsDiff(after, before)).toBeGreaterThan(0.2) // the camera moved
    expect(maxAbsDiff(after, expected)).toBeLessThan(1e-3) // same image as without TF.js
    let sum = 0
    let sumSq = 0
    for (let i = 0; i < after.length; i += 4) {
      sum += after[i + 1]
      sumSq += after[i + 1] ** 2
    }
    const n = after.length / 4
    expect(sumSq / n - (sum / n) ** 2).toBeGreaterThan(1e-3) // not a flat (blank) image
  })

  it('keeps the tensor count flat over 100 texture frames with the scene changing', async () => {
    const results: FrameResult[] = []
    for (let i = 0; i < 3; i++) results.push(await runtime.infer(scene.readTexture(), request()))
    const before = await runtime.forward(() => tf.memory().numTensors)
    for (let i = 0; i < 100; i++) {
      scene.setParams({ yaw: -90 + i * 1.5 })
      results.push(await runtime.infer(scene.readTexture(), request()))
    }
    expect(await runtime.forward(() => tf.memory().numTensors)).toBe(before)
    const ids = results.slice(3).map((r) => r.frameId)
    expect(new Set(ids).size).toBe(100) // every frame was a new render
    // the network saw the frames change
    expect(maxAbsDiff(results[3].models[0].activations!.data, results[102].models[0].activations!.data)).toBeGreaterThan(1e-3)
  })

  it('takes the place of webgl in the plan: on SwiftShader with wasm, forward passes stay on wasm (pixels)', async () => {
    const withWasm = await createModelRuntime({ wasmPaths, sharedContext: { gl, resetState: () => scene.renderer.resetState() } })
    expect(withWasm.plan.forward).toBe('wasm')
    expect(withWasm.plan.gradient).toBe('webgl-shared')
    expect(withWasm.plan.reason).toMatch(/SwiftShader/i)
    expect(withWasm.acceptsTextureFrames).toBe(false)
  })

  it('refuses texture frames when the forward backend is not the shared context', async () => {
    const cpu = await createModelRuntime({ forward: 'cpu', gradient: 'cpu' })
    expect(cpu.acceptsTextureFrames).toBe(false)
    const plain = await cpu.forward(() => new LayersPerturberModel(branchingModel(3, size), tinyDescriptor({}, 5, size)))
    await expect(cpu.infer(scene.readTexture(), [{ model: plain, predictions: true }])).rejects.toThrow(/GPU texture.*forward backend is "cpu"/)
    await cpu.forward(() => plain.dispose())
  })
})

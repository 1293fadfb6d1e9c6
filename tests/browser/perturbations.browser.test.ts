import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DataTexture, WebGLRenderer } from 'three'
import { builtinPerturbations, defaultRegistry, PerturbationPipeline, type PerturbationState } from '@perturber/perturbations'
import { cpuReferences, compareImages, externalFixtures, type ImageF32 } from '../reference'
import { createRenderer, imageToTexture, runChain } from './support/gpu'
import { loadPhoto } from './support/images'

/**
 * Per-perturbation GPU-vs-CPU tolerance (mean / max absolute difference over rgb in [0,1]).
 * Pure per-pixel colour maths differs only by float rounding; resampling effects get more.
 */
const tolerance: Record<string, { mean: number; max: number }> = {
  'patch-shuffle': { mean: 0, max: 0 },
  // Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
  'gaussian-blur': { mean: 1e-6, max: 1e-5 },
  'defocus-blur': { mean: 1e-6, max: 1e-5 },
  'motion-blur': { mean: 1e-6, max: 1e-5 },
  pixelate: { mean: 1e-6, max: 1e-5 },
  'low-pass': { mean: 1e-6, max: 1e-5 },
  'high-pass': { mean: 1e-6, max: 1e-5 },
  // Five float32 blur/combine passes plus HSV round trips of both bands (measured mean 3e-8, max 4e-7).
  'frequency-decomposition': { mean: 1e-6, max: 1e-5 },
  // Exact arithmetic up to float32 rounding (measured max 6e-8).
  'adversarial-overlay': { mean: 1e-6, max: 1e-5 },
  // 64-tap float32 DCT/IDCT (measured max 5e-7); holds while no coefficient lies within float32 error of a
  // quantisation boundary — one that did would flip a whole step (up to q/4 of 255 per pixel of its block).
  jpeg: { mean: 1e-6, max: 1e-5 },
  // Box–Muller's log/cos run in float32 on the GPU, float64 on the CPU; errors grow in the tails (measured mean 1e-5, max 1.4e-4).
  'gaussian-noise': { mean: 3e-5, max: 5e-4 },
  'shot-noise': { mean: 3e-5, max: 5e-4 },
  // A float32 mixed-radix FFT round trip (glsl/fft.ts) with |F(0,0)| up to ~5e4 before the 1/(W·H) scaling
  // (measured mean ≤ 1.8e-5, max ≤ 8.2e-5 here and at the sizes of phaseNoise.browser.test.ts).
  'phase-noise': { mean: 5e-5, max: 3e-4 },
}
const defaultTolerance = { mean: 1e-4, max: 2e-3 }

/** A non-default setting for every parameter, to compare and to prove the effect does something. */
function perturbedParams(id: string): Record<string, number> {
  const d = defaultRegistry.require(id)
  return Object.fromEntries(
    d.params.map((p) => {
      if (p.name === 'seed') return [p.name, 7]
      if (p.name === 'grid') return [p.name, 4]
      const span = p.max - p.min
      const towards = p.default - p.min > p.max - p.default ? -1 : 1
      const value = p.default + towards * span * 0.35
      // integer parameters (block sizes, counts) get an integer the effect really uses
      return [p.name, p.step >= 1 ? Math.round(value / p.step) * p.step : value]
    }),
  )
}

let renderer: WebGLRenderer
let pipeline: PerturbationPipeline
let photo: ImageF32
let input: DataTexture

beforeAll(async () => {
  renderer = createRenderer()
  pipeline = new PerturbationPipeline(renderer, { width: 224, height: 224 })
  photo = await loadPhoto('park')
  input = imageToTexture(photo)
})
afterAll(() => {
  pipeline.dispose()
  input.dispose()
  renderer.dispose()
})

describe.each(builtinPerturbations.map((d) => d.id))('%s', (id) => {
  test('is the identity at its defaults (within 1/255)', () => {
    const out = runChain(pipeline, input, [defaultRegistry.defaultState(id, true)])
    expect(compareImages(out, photo).max).toBeLessThan(1 / 255)
  })

  test('matches its CPU reference on a real photo, and changes the image', () => {
    const reference = cpuReferences[id]
    expect(reference, `CPU reference for ${id}`).toBeTypeOf('function')
    const params = perturbedParams(id)
    const state: PerturbationState = { ...defaultRegistry.defaultState(id, true), params }
    // external textures (e.g. the adversarial perturbation) get deterministic fixtures, bound only here
    const externals = Object.fromEntries((defaultRegistry.require(id).externalTextures ?? []).map((key) => [key, externalFixtures[key](photo.width, photo.height)]))
    const textures = Object.entries(externals).map(([key, img]) => {
      const texture = imageToTexture(img)
      pipeline.setExternalTexture(key, texture)
      return [key, texture] as const
    })
    let gpu: ImageF32
    try {
      gpu = runChain(pipeline, input, [state])
    } finally {
      for (const [key, texture] of textures) {
        pipeline.setExternalTexture(key, null)
        texture.dispose()
      }
    }
    const cpu = reference(photo, params, externals)
    const diff = compareImages(gpu, cpu)
    const tol = tolerance[id] ?? defaultTolerance
    expect(diff.mean).toBeLessThanOrEqual(tol.mean)
    expect(diff.max).toBeLessThanOrEqual(tol.max)
    // and it is not the identity there
    expect(compareImages(gpu, photo).mean).toBeGreaterThan(0.01)
  })
})

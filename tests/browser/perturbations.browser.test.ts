import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DataTexture, WebGLRenderer } from 'three'
import { builtinPerturbations, defaultRegistry, PerturbationPipeline, type PerturbationState } from '@perturber/perturbations'
import { cpuReferences, compareImages, type ImageF32 } from '../reference'
import { createRenderer, imageToTexture, runChain } from './support/gpu'
import { loadPhoto } from './support/images'

/**
 * Per-perturbation GPU-vs-CPU tolerance (mean / max absolute difference over rgb in [0,1]).
 * Pure per-pixel colour maths differs only by float rounding; resampling effects get more.
 */
const tolerance: Record<string, { mean: number; max: number }> = {
  'patch-shuffle': { mean: 0, max: 0 },
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
      return [p.name, p.default + towards * span * 0.35]
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
    const gpu = runChain(pipeline, input, [state])
    const cpu = reference(photo, params)
    const diff = compareImages(gpu, cpu)
    const tol = tolerance[id] ?? defaultTolerance
    expect(diff.mean).toBeLessThanOrEqual(tol.mean)
    expect(diff.max).toBeLessThanOrEqual(tol.max)
    // and it is not the identity there
    expect(compareImages(gpu, photo).mean).toBeGreaterThan(0.01)
  })
})

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { WebGLRenderer } from 'three'
import { defaultRegistry, PerturbationPipeline } from '@perturber/perturbations'
import { compareImages, cpuReferences, createImage, type ImageF32 } from '../reference'
import { createRenderer, imageToTexture, runChain } from './support/gpu'
import { loadPhoto } from './support/images'

/**
 * The FFT-based phase noise at sizes other than 224 (which perturbations.browser.test.ts covers):
 * the mixed-radix plan differs per size (radix-2/3/4 and 7 stages, large odd primes, a prime
 * length that degenerates to one direct DFT stage, a non-square image), and every one must
 * match the direct-DFT CPU reference. Same tolerance as at 224.
 */
const tolerance = { mean: 5e-5, max: 3e-4 }
const params = { width: 1.1, seed: 7 }

/** The top-left width×height crop of a square photo. */
function crop(img: ImageF32, width: number, height: number): ImageF32 {
  const out = createImage(width, height)
  for (let y = 0; y < height; y++) out.data.set(img.data.subarray(y * img.width * 4, (y * img.width + width) * 4), y * width * 4)
  return out
}

let renderer: WebGLRenderer
beforeAll(() => {
  renderer = createRenderer()
})
afterAll(() => renderer.dispose())

describe.each([
  [96, 96],
  [112, 112],
  [128, 128],
  [299, 299],
  [37, 37], // prime: one direct-DFT stage per axis
  [160, 120], // non-square: different plans for rows and columns
])('phase-noise at %i×%i', (width, height) => {
  let photo: ImageF32
  let pipeline: PerturbationPipeline
  beforeAll(async () => {
    photo = crop(await loadPhoto('city', Math.max(width, height)), width, height)
    pipeline = new PerturbationPipeline(renderer, { width, height })
  })
  afterAll(() => pipeline.dispose())

  test('matches the CPU reference and is the identity at width 0', () => {
    const input = imageToTexture(photo)
    try {
      const identity = runChain(pipeline, input, [defaultRegistry.defaultState('phase-noise', true)])
      expect(compareImages(identity, photo).max).toBeLessThan(1 / 255)
      const gpu = runChain(pipeline, input, [{ ...defaultRegistry.defaultState('phase-noise', true), params }])
      const cpu = cpuReferences['phase-noise'](photo, params)
      const diff = compareImages(gpu, cpu)
      expect(diff.mean).toBeLessThanOrEqual(tolerance.mean)
      expect(diff.max).toBeLessThanOrEqual(tolerance.max)
      expect(compareImages(gpu, photo).mean).toBeGreaterThan(0.01)
    } finally {
      input.dispose()
    }
  })
})

import { describe, expect, test } from 'vitest'
import { builtinPerturbations, defaultRegistry, type PerturbationState } from '@perturber/perturbations'
import { builtinReferences, compareImages, type ImageF32 } from '../reference'
import { imageToTexture, runChain, usePhotoPipeline } from './support/gpu'

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

const fx = usePhotoPipeline()

// Each built-in's folder has a reference.ts (its CPU reference, tolerance and external-texture fixtures).
test('every built-in has a CPU reference, and every reference a built-in', () => {
  expect(Object.keys(builtinReferences).sort()).toEqual(builtinPerturbations.map((d) => d.id).sort())
})

describe.each(builtinPerturbations.map((d) => d.id))('%s', (id) => {
  test('is the identity at its defaults (within 1/255)', () => {
    const out = runChain(fx.pipeline, fx.input, [defaultRegistry.defaultState(id, true)])
    expect(compareImages(out, fx.photo).max).toBeLessThan(1 / 255)
  })

  test('matches its CPU reference on a real photo, and changes the image', () => {
    const reference = builtinReferences[id]
    expect(reference?.compute, `CPU reference for ${id}`).toBeTypeOf('function')
    const params = perturbedParams(id)
    const state: PerturbationState = { ...defaultRegistry.defaultState(id, true), params }
    // external textures (e.g. the adversarial perturbation) get deterministic fixtures, bound only here
    const externals = Object.fromEntries(
      (defaultRegistry.require(id).externalTextures ?? []).map((key) => {
        const fixture = reference.externals?.[key]
        if (!fixture) throw new Error(`${id}: its reference.ts has no fixture for the external texture '${key}'`)
        return [key, fixture(fx.photo.width, fx.photo.height)]
      }),
    )
    const textures = Object.entries(externals).map(([key, img]) => {
      const texture = imageToTexture(img)
      fx.pipeline.setExternalTexture(key, texture)
      return [key, texture] as const
    })
    let gpu: ImageF32
    try {
      gpu = runChain(fx.pipeline, fx.input, [state])
    } finally {
      for (const [key, texture] of textures) {
        fx.pipeline.setExternalTexture(key, null)
        texture.dispose()
      }
    }
    const cpu = reference.compute(fx.photo, params, externals)
    const diff = compareImages(gpu, cpu)
    const tol = reference.tolerance
    expect(diff.mean).toBeLessThanOrEqual(tol.mean)
    expect(diff.max).toBeLessThanOrEqual(tol.max)
    // and it is not the identity there
    expect(compareImages(gpu, fx.photo).mean).toBeGreaterThan(0.01)
  })
})

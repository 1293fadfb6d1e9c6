import { describe, expect, test } from 'vitest'
import { defaultRegistry, type PerturbationState } from '@perturber/perturbations'
import { compareImages } from '../reference'
import { usePhotoPipeline } from './support/gpu'

/**
 * Custom GLSL as a hostile or careless user writes it: only code that follows the rules and
 * compiles and links as three.js will run it is ever drawn; anything else is reported with its
 * line, and the pass keeps running the last code that worked (the models never see a black frame).
 */
const fx = usePhotoPipeline()

const custom = (source: string): PerturbationState[] => [{ ...defaultRegistry.defaultState('custom-glsl', true), source }]
const run = (chain: PerturbationState[]) => {
  const errors = fx.pipeline.setChain(chain)
  fx.pipeline.render(fx.input)
  return { errors: errors.map((e) => ({ line: e.line, message: e.message, running: e.running })), image: { width: fx.pipeline.width, height: fx.pipeline.height, data: fx.pipeline.readPixels() } }
}

describe('custom GLSL', () => {
  test('code that closes its function and redeclares a three.js uniform is refused; the input passes through', () => {
    const { errors, image } = run(custom('return color;\n}\nuniform vec3 cameraPosition;\nvec4 more(vec4 color, vec2 uv) {'))
    expect(errors).toEqual([{ line: 2, message: "This '}' closes the function your code is the body of: custom GLSL must keep its braces balanced.", running: 'none' }])
    expect(compareImages(image, fx.photo).max).toBeLessThan(1 / 255)
  })

  test('the exact program three.js runs is checked: its own uniforms are there, a real error is found at its line', () => {
    // three.js declares isOrthographic for every ShaderMaterial: valid here (a raw compile without its prefix refuses it)
    expect(run(custom('if (isOrthographic) color.rgb = vec3(0.0);\ncolor.rgb = 1.0 - color.rgb;')).errors).toEqual([])
    const { errors } = run(custom('color.rgb = 1.0 - color.rgb;\ncolor.rgb = vec3(undefinedThing);'))
    expect(errors).toHaveLength(1)
    expect(errors[0].line).toBe(2)
    expect(errors[0].message).toMatch(/undefinedThing/)
  })

  test('a broken edit keeps the last code that worked running, and says so', () => {
    const inverted = run(custom('color.rgb = 1.0 - color.rgb;'))
    expect(inverted.errors).toEqual([])
    expect(compareImages(inverted.image, fx.photo).mean).toBeGreaterThan(0.1)
    const broken = run(custom('color.rgb = 1.0 - colr.rgb;'))
    expect(broken.errors).toHaveLength(1)
    expect(broken.errors[0]).toMatchObject({ line: 1, running: 'previous' })
    expect(compareImages(broken.image, inverted.image).max).toBe(0)
    // the fix applies at once
    expect(compareImages(run(custom('color.rgb = color.rgb * 0.5;')).image, fx.photo).mean).toBeGreaterThan(0.05)
  })

  test('a loop that never ends is refused before it reaches the GPU (it would freeze the page)', () => {
    const before = run(custom('color.rgb = color.rgb * 0.5;')).image
    const { errors, image } = run(custom('for (int i = 0; i < 10; i--) {\n  color.r += 0.001;\n}'))
    expect(errors).toEqual([{ line: 1, message: 'This loop runs more than 1024 times per pixel (or never ends); custom GLSL may loop at most 1024 times.', running: 'previous' }])
    expect(compareImages(image, before).max).toBe(0)
    // a bounded loop runs
    const bounded = run(custom('for (int i = 0; i < 16; i++) {\n  color.rgb *= 0.95;\n}'))
    expect(bounded.errors).toEqual([])
    expect(compareImages(bounded.image, fx.photo).mean).toBeGreaterThan(0.1)
  })
})

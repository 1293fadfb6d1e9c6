import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DataTexture, WebGLRenderer } from 'three'
import { PerturbationPipeline, PerturbationRegistry, type PassSpec, type PerturbationDefinition } from '@perturber/perturbations'
import { createImage, type ImageF32 } from '../reference'
import { createRenderer, imageToTexture, runChain } from './support/gpu'

/**
 * The pipeline's repeated passes (`PassSpec.iterations`), which the FFT of phase noise is built
 * on: iteration i sees ctx.iteration = i, reads the previous iteration's output under its own
 * name (`iterateFrom` on the first), and the result ends up where the pass's name (or the chain)
 * expects it. Each iteration adds (i + 1)/100, so the output is start + k(k+1)/200 only if every
 * iteration ran once, in order, on the previous one's output.
 */
const accumulate: PassSpec<'k'> = {
  name: 'sum',
  samplers: { tPrevious: 'sum' },
  iterations: (p) => p.k,
  uniforms: (_, ctx) => ({ step: (ctx.iteration + 1) / 100 }),
  fragmentShader: /* glsl */ `
    uniform sampler2D tPrevious;
    uniform float step;
    void main() { gl_FragColor = vec4(texelFetch(tPrevious, ivec2(gl_FragCoord.xy), 0).rgb + step, 1.0); }`,
}

/** output = 2 · source */
const double = (name: string | undefined, source: string): PassSpec<'k'> => ({
  name,
  samplers: { tSource: source },
  fragmentShader: 'uniform sampler2D tSource; void main() { gl_FragColor = vec4(texelFetch(tSource, ivec2(gl_FragCoord.xy), 0).rgb * 2.0, 1.0); }',
})

const definition = (id: string, passes: PassSpec<'k'>[]): PerturbationDefinition<'k'> => ({
  id,
  label: id,
  group: 'custom',
  description: 'test',
  params: [{ name: 'k', label: 'k', min: 0, max: 10, step: 1, default: 0 }],
  passes,
})

const registry = new PerturbationRegistry()
// the repeated pass is the last one: its final iteration writes the chain's buffer
registry.register(definition('repeat-last', [accumulate]))
// a later pass reads the repeated pass's final output by name
registry.register(definition('repeat-then-read', [accumulate, double(undefined, 'sum')]))
// the repeated pass starts from an earlier pass instead of the input
registry.register(definition('read-then-repeat', [double('doubled', 'input'), { ...accumulate, iterateFrom: 'doubled' }]))

let renderer: WebGLRenderer
let pipeline: PerturbationPipeline
let photo: ImageF32
let input: DataTexture
beforeAll(() => {
  renderer = createRenderer()
  pipeline = new PerturbationPipeline(renderer, { width: 16, height: 12, registry })
  photo = createImage(16, 12)
  // values in [0.1, 0.3]: the sums stay below 1, so the pipeline's clamp cannot hide anything
  for (let i = 0; i < photo.data.length; i++) photo.data[i] = i % 4 === 3 ? 1 : 0.1 + ((i * 37) % 101) / 500
  input = imageToTexture(photo)
})
afterAll(() => {
  pipeline.dispose()
  input.dispose()
  renderer.dispose()
})

/** max |out − expected(input)| over rgb */
function maxError(out: ImageF32, expected: (v: number) => number): number {
  let max = 0
  for (let i = 0; i < out.data.length; i++) if (i % 4 !== 3) max = Math.max(max, Math.abs(out.data[i] - expected(photo.data[i])))
  return max
}
const sum = (k: number) => (k * (k + 1)) / 200

describe('a repeated pass', () => {
  test.each([1, 2, 3, 4])('runs %i iterations in order, each on the previous output, as the last pass', (k) => {
    const out = runChain(pipeline, input, [{ id: 'repeat-last', enabled: true, params: { k } }])
    expect(maxError(out, (v) => v + sum(k))).toBeLessThan(1e-6)
  })

  test.each([1, 2, 5])('hands its final output (%i iterations) to a later pass by name', (k) => {
    const out = runChain(pipeline, input, [{ id: 'repeat-then-read', enabled: true, params: { k } }])
    expect(maxError(out, (v) => 2 * (v + sum(k)))).toBeLessThan(1e-6)
  })

  test.each([1, 2, 3])('starts from its iterateFrom pass (%i iterations)', (k) => {
    const out = runChain(pipeline, input, [{ id: 'read-then-repeat', enabled: true, params: { k } }])
    expect(maxError(out, (v) => 2 * v + sum(k))).toBeLessThan(1e-6)
  })

  test('runs at least once when asked for 0 iterations', () => {
    const out = runChain(pipeline, input, [{ id: 'repeat-last', enabled: true, params: { k: 0 } }])
    expect(maxError(out, (v) => v + 0.01)).toBeLessThan(1e-6)
  })

  test('may read its own name only when it repeats, and start only from what exists', () => {
    const { iterations: _, ...once } = accumulate
    const r = new PerturbationRegistry()
    expect(() => r.register(definition('self-read', [once]))).toThrow(/reads "sum"/)
    expect(() => r.register(definition('from-later', [{ ...accumulate, iterateFrom: 'doubled' }, double('doubled', 'input')]))).toThrow(/iterateFrom "doubled"/)
    expect(() => r.register(definition('from-once', [double('doubled', 'input'), { ...double('x', 'doubled'), iterateFrom: 'doubled' }]))).toThrow(/needs `iterations`/)
  })
})

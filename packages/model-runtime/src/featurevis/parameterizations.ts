import * as tf from '@tensorflow/tfjs'
import { colorMatrixTransposed, correlateColors } from './color'
import { FourierBasis } from './fourier'
import { resampleSeparable, resizeMatrix } from './resample'

/**
 * How the optimised image is parameterised:
 * - `pixel`: free pixels through a sigmoid (Lucid `naive` + `to_valid_rgb`), the thesis' "naive
 *   parameterization"; by default without colour decorrelation, as in the original tool.
 * - `fourier`: a frequency spectrum with 1/f scaling (Lucid's default `fft=True`).
 * - `laplacian`: a sum of bilinearly upsampled images at 1, 1/2, … 1/2ⁿ⁻¹ resolution (Lucid
 *   `laplacian_pyramid`; what the original tool used for the edited model, with 5 levels).
 * The last two are "decorrelated": low frequencies get as much of each step as high ones.
 */
export type FeatureVisParameterization = 'pixel' | 'fourier' | 'laplacian'

export interface ParameterizationOptions {
  /** Through Lucid's ImageNet colour correlation before the sigmoid. */
  decorrelateColor: boolean
  /** Standard deviation of the initial values (Lucid: 0.01). */
  initialScale: number
  /** Laplacian levels (thesis: 5). */
  pyramidLevels: number
  /** Fourier frequency decay exponent (Lucid: 1). */
  decayPower: number
}

/** An image [size, size, 3] in [0, 1] that is a differentiable function of trainable variables. */
export interface ImageParameterization {
  readonly kind: FeatureVisParameterization
  readonly size: number
  readonly variables: tf.Variable[]
  /** The current image [size, size, 3] in [0, 1] (caller disposes). */
  image(): tf.Tensor3D
  dispose(): void
}

/**
 * The parameterization's variables start as N(0, initialScale²) noise from TF.js' seeded
 * `tf.randomNormal` (generated in JS, so the same on every backend); `seed` must not be 0, which
 * TF.js takes for no seed.
 */
export function createParameterization(
  kind: FeatureVisParameterization,
  size: number,
  seed: number,
  options: ParameterizationOptions,
): ImageParameterization {
  if (seed === 0) throw new Error('Feature visualization: the initial image needs a non-zero seed (TF.js treats 0 as unseeded).')
  /** One seeded draw, split among the variables in order. */
  const variables = (shapes: number[][]): tf.Variable[] =>
    tf.tidy(() => {
      const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1))
      const noise = tf.randomNormal([sizes.reduce((a, b) => a + b, 0)], 0, options.initialScale, 'float32', seed)
      return tf.split(noise, sizes).map((part, i) => tf.variable(tf.reshape(part, shapes[i]), true))
    })
  const color = options.decorrelateColor ? colorMatrixTransposed() : null
  const toRgb = (t: tf.Tensor3D) => tf.sigmoid(color ? correlateColors(t, color) : t) as tf.Tensor3D
  const base = (variables: tf.Variable[], raw: () => tf.Tensor3D, release: tf.Tensor[] = []): ImageParameterization => ({
    kind,
    size,
    variables,
    image: () => tf.tidy(() => toRgb(raw())),
    dispose: () => tf.dispose([...variables, ...release, ...(color ? [color] : [])]),
  })

  if (kind === 'pixel') {
    const [pixels] = variables([[size, size, 3]])
    return base([pixels], () => pixels as unknown as tf.Tensor3D)
  }
  if (kind === 'fourier') {
    const basis = new FourierBasis(size, size, options.decayPower)
    const [spectrum] = variables([basis.spectrumShape])
    const parameterization = base([spectrum], () => basis.toImage(spectrum as unknown as tf.Tensor2D))
    return { ...parameterization, dispose: () => (parameterization.dispose(), basis.dispose()) }
  }
  if (kind === 'laplacian') {
    const sides: number[] = []
    for (let level = 0; level < Math.max(1, options.pyramidLevels); level++) {
      const n = Math.max(1, Math.ceil(size / 2 ** level))
      if (level > 0 && n === sides[sides.length - 1]) break
      sides.push(n)
    }
    const pyramid = variables(sides.map((n) => [n, n, 3]))
    const levels = sides.map((n, level) => ({ variable: pyramid[level], upsample: level === 0 ? null : tf.tensor2d(resizeMatrix(size, n), [size, n]) }))
    const raw = () =>
      tf.addN(levels.map(({ variable, upsample }) => (upsample ? resampleSeparable(variable as unknown as tf.Tensor3D, upsample, upsample) : variable))) as tf.Tensor3D
    return base(
      levels.map((l) => l.variable),
      raw,
      levels.flatMap((l) => (l.upsample ? [l.upsample] : [])),
    )
  }
  color?.dispose()
  throw new Error(`Unknown feature visualization parameterization "${kind as string}" (pixel, fourier or laplacian).`)
}

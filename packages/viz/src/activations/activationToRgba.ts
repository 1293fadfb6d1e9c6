import { normalizeActivation } from './normalization'

/**
 * The diverging colour scale of the maps: positive activations red, negative blue (thesis §1,
 * §5.3). `'dark'` (default) puts 0 at black, so the many exact zeros after a ReLU read as "off"
 * and only active regions glow; `'light'` puts 0 at white (a RdBu-style scale for light pages).
 */
export type ActivationColorScheme = 'dark' | 'light'

export interface ActivationToRgbaOptions {
  /** First value of the map in `data` (channel-major maps: index · height · width). Default 0. */
  offset?: number
  /** Number of values (height · width). Default: the rest of `data`. */
  length?: number
  scheme?: ActivationColorScheme
  /** Writes into this buffer (e.g. an `ImageData`'s) instead of allocating one; length ≥ 4 · length. */
  out?: Uint8ClampedArray
}

/**
 * The colour of one normalised value t ∈ [−1, 1]: intensity round(255·|t|) in the red (t > 0) or
 * blue (t < 0) channel on black, or the complementary fade from white on the light scheme. So
 * t = ½ (a value of 2σ under 4σ normalisation) is exactly half intensity, 128.
 */
export function activationColor(t: number, scheme: ActivationColorScheme = 'dark'): [number, number, number] {
  const rgb = new Uint8ClampedArray(4)
  writeActivationColor(rgb, 0, t, scheme)
  return [rgb[0], rgb[1], rgb[2]]
}

/** Writes the opaque RGBA colour of t at out[o..o+3] (the per-pixel loop: no allocation). */
function writeActivationColor(out: Uint8ClampedArray, o: number, t: number, scheme: ActivationColorScheme) {
  const intensity = Math.round(255 * Math.abs(t))
  const positive = t >= 0
  if (scheme === 'dark') {
    out[o] = positive ? intensity : 0
    out[o + 1] = 0
    out[o + 2] = positive ? 0 : intensity
  } else {
    const fade = 255 - intensity
    out[o] = positive ? 255 : fade
    out[o + 1] = fade
    out[o + 2] = positive ? fade : 255
  }
  out[o + 3] = 255
}

/**
 * One activation map → opaque RGBA pixels (row-major, as `ImageData` wants), each value divided
 * by `divisor`, clamped to [−1, 1] and coloured by {@link activationColor}.
 */
export function activationToRgba(data: ArrayLike<number>, divisor: number, options: ActivationToRgbaOptions = {}): Uint8ClampedArray {
  const { offset = 0, scheme = 'dark' } = options
  const length = options.length ?? data.length - offset
  if (offset < 0 || length < 0 || offset + length > data.length) {
    throw new RangeError(`activationToRgba: values ${offset}..${offset + length} are outside the data (${data.length} values).`)
  }
  const out = options.out ?? new Uint8ClampedArray(length * 4)
  if (out.length < length * 4) throw new RangeError(`activationToRgba: the output holds ${out.length / 4} pixels, the map ${length}.`)
  for (let i = 0; i < length; i++) writeActivationColor(out, i * 4, normalizeActivation(data[offset + i], divisor), scheme)
  return out
}

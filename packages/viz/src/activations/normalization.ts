/**
 * Activation normalisation as in the thesis (§5.3, "Act. Normalization"): by default every value
 * is divided by four standard deviations of the whole layer's activations, so a map reads
 * relative to its layer; a manual divisor, set on a log10 slider, makes absolute magnitudes
 * comparable across models and frames. Slider value 0 means automatic.
 */

/** The slider value that selects automatic (4σ) normalisation. */
export const AUTO_NORMALIZATION = 0

/** How many layer standard deviations map to full intensity by default. */
export const STD_DIVISOR_MULTIPLIER = 4

/**
 * The automatic divisor, 4·σ of the whole layer. A layer without spread (σ = 0, e.g. all zeros
 * after a ReLU on a blank frame) would divide by zero; 1 keeps its values readable instead.
 */
export function autoDivisor(layerStd: number): number {
  const divisor = STD_DIVISOR_MULTIPLIER * layerStd
  return Number.isFinite(divisor) && divisor > 0 ? divisor : 1
}

/** Slider value → manual divisor (10^value), or `null` for automatic (value 0). */
export function divisorFromSlider(sliderValue: number): number | null {
  return sliderValue === AUTO_NORMALIZATION || !Number.isFinite(sliderValue) ? null : 10 ** sliderValue
}

/** Manual divisor → slider value (log10); `null` (automatic) → 0. */
export function sliderFromDivisor(divisor: number | null): number {
  if (divisor === null) return AUTO_NORMALIZATION
  if (!(divisor > 0)) throw new RangeError(`An activation divisor must be positive (got ${divisor}).`)
  return Math.log10(divisor)
}

/** The divisor a map of this layer is drawn with, for a slider value (0 = 4σ of the layer). */
export function resolveDivisor(sliderValue: number | undefined, layerStd: number): number {
  return divisorFromSlider(sliderValue ?? AUTO_NORMALIZATION) ?? autoDivisor(layerStd)
}

/** value / divisor clamped to [−1, 1]; NaN reads as 0 so one bad value cannot poison a map. */
export function normalizeActivation(value: number, divisor: number): number {
  const t = value / divisor
  if (Number.isNaN(t)) return 0
  return t > 1 ? 1 : t < -1 ? -1 : t
}

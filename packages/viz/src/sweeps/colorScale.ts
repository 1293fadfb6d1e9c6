/** An sRGB colour, channels 0–255. */
export type Rgb = readonly [number, number, number]

/** A colour map: t in [0, 1] (clamped) to an sRGB colour with integer channels. */
export type ColorMap = (t: number) => Rgb

/** How values become colours: low to high, or signed around 0. */
export type HeatmapScale = 'sequential' | 'diverging'

/** Viridis at 0, ¼, ½, ¾, 1 (matplotlib's; d3's `schemeViridis[5]`): lightness rises monotonically, and it stays legible in greyscale and to most colour-blind readers. */
export const VIRIDIS_STOPS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
]

/** Blue, white at the centre, red (ColorBrewer RdBu's ends and quarter points): negative and positive read as opposites of equal weight. */
export const BLUE_WHITE_RED_STOPS: readonly Rgb[] = [
  [5, 113, 176],
  [146, 197, 222],
  [255, 255, 255],
  [244, 165, 130],
  [202, 0, 32],
]

/** A colour map through evenly spaced `stops`, linear in sRGB between neighbours. */
export function interpolateStops(stops: readonly Rgb[]): ColorMap {
  const last = stops.length - 1
  return (t) => {
    const position = (Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t))) * last
    const i = Math.min(last - 1, Math.floor(position))
    const f = position - i
    const a = stops[Math.max(0, i)]
    const b = stops[Math.min(last, i + 1)]
    return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)]
  }
}

export const sequentialColors: ColorMap = interpolateStops(VIRIDIS_STOPS)
export const divergingColors: ColorMap = interpolateStops(BLUE_WHITE_RED_STOPS)

export function colorMapOf(scale: HeatmapScale): ColorMap {
  return scale === 'diverging' ? divergingColors : sequentialColors
}

/**
 * The domain a scale actually spans: a diverging one is made symmetric around 0 so that white
 * means 0 and equal distances from 0 get equally strong colours ([−1, 3] → [−3, 3]).
 */
export function effectiveDomain(domain: readonly [number, number], scale: HeatmapScale): [number, number] {
  if (scale === 'sequential') return [domain[0], domain[1]]
  const m = Math.max(Math.abs(domain[0]), Math.abs(domain[1]))
  return [-m, m]
}

/** Where `value` sits in `domain` as t for a colour map (unclamped; NaN stays NaN). */
export function normalizeValue(value: number, [lo, hi]: readonly [number, number]): number {
  return hi === lo ? 0.5 : (value - lo) / (hi - lo)
}

/** Where {@link valuesToRgba} writes, and which way up. */
export interface ValuesToRgbaOptions {
  /** Pixels to write into (4 per value); a new array by default. */
  out?: Uint8ClampedArray
  /** Values per row (row-major); with `flipY`, needed to find the rows. Default: one row. */
  width?: number
  /** Writes the last row first: data row 0 ends up at the bottom of the image, as on a plot's y axis. */
  flipY?: boolean
}

/**
 * Colours `values` into RGBA pixels for `domain` on `scale`; values outside the domain take its
 * end colours, and NaN becomes transparent so that whatever is behind shows "no value".
 */
export function valuesToRgba(values: ArrayLike<number>, domain: readonly [number, number], scale: HeatmapScale, options: ValuesToRgbaOptions = {}): Uint8ClampedArray {
  const { out = new Uint8ClampedArray(values.length * 4), width = values.length, flipY = false } = options
  const map = colorMapOf(scale)
  const span = effectiveDomain(domain, scale)
  const rows = width > 0 ? Math.ceil(values.length / width) : 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    const row = Math.floor(i / width)
    const o = 4 * (flipY ? (rows - 1 - row) * width + (i - row * width) : i)
    if (Number.isNaN(v)) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0
      continue
    }
    const [r, g, b] = map(normalizeValue(v, span))
    out[o] = r
    out[o + 1] = g
    out[o + 2] = b
    out[o + 3] = 255
  }
  return out
}

export function rgbToCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`
}

/** A CSS gradient sampling `map` at `steps` + 1 points, for a colour bar. */
export function cssGradient(map: ColorMap, direction = 'to right', steps = 16): string {
  const stops = Array.from({ length: steps + 1 }, (_, i) => `${rgbToCss(map(i / steps))} ${((i / steps) * 100).toFixed(2).replace(/\.?0+$/, '')}%`)
  return `linear-gradient(${direction}, ${stops.join(', ')})`
}

/** WCAG relative luminance of an sRGB colour (0 black to 1 white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

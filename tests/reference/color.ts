import { mapPixels, type ImageF32 } from './image'

// Same formulas as packages/perturbations/src/glsl/common.ts.
export const luminance = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b

const fract = (x: number) => x - Math.floor(x)
const mix = (a: number, b: number, t: number) => a + (b - a) * t
const step = (edge: number, x: number) => (x < edge ? 0 : 1)

export function rgb2hsv(r: number, g: number, b: number): [number, number, number] {
  const s1 = step(b, g)
  const p = [mix(b, g, s1), mix(g, b, s1), mix(-1, 0, s1), mix(2 / 3, -1 / 3, s1)]
  const s2 = step(p[0], r)
  const q = [mix(p[0], r, s2), mix(p[1], p[1], s2), mix(p[3], p[2], s2), mix(r, p[0], s2)]
  const d = q[0] - Math.min(q[3], q[1])
  const e = 1e-10
  return [Math.abs(q[2] + (q[3] - q[1]) / (6 * d + e)), d / (q[0] + e), q[0]]
}

export function hsv2rgb(h: number, s: number, v: number): [number, number, number] {
  const k = [1, 2 / 3, 1 / 3]
  return k.map((kk) => {
    const p = Math.abs(fract(h + kk) * 6 - 3)
    return v * mix(1, Math.min(1, Math.max(0, p - 1)), s)
  }) as [number, number, number]
}

export function shiftHue(r: number, g: number, b: number, turns: number): [number, number, number] {
  const [h, s, v] = rgb2hsv(r, g, b)
  return hsv2rgb(fract(h + turns + 1), s, v)
}

export const alpha = (img: ImageF32, p: { alpha: number }) => mapPixels(img, (r, g, b) => [r * p.alpha, g * p.alpha, b * p.alpha])
export const hue = (img: ImageF32, p: { hue: number }) => mapPixels(img, (r, g, b) => shiftHue(r, g, b, p.hue))
export const saturation = (img: ImageF32, p: { saturation: number }) =>
  mapPixels(img, (r, g, b) => {
    const l = luminance(r, g, b)
    return [mix(l, r, p.saturation), mix(l, g, p.saturation), mix(l, b, p.saturation)]
  })
export const brightness = (img: ImageF32, p: { brightness: number }) => mapPixels(img, (r, g, b) => [r + p.brightness, g + p.brightness, b + p.brightness])
export const contrast = (img: ImageF32, p: { contrast: number }) =>
  mapPixels(img, (r, g, b) => [(r - 0.5) * p.contrast + 0.5, (g - 0.5) * p.contrast + 0.5, (b - 0.5) * p.contrast + 0.5])
/** The default custom snippet is contrast with `amount`. */
export const customGlsl = (img: ImageF32, p: { amount: number }) => contrast(img, { contrast: p.amount })

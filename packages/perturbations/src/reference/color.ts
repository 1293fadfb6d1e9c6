import { mapPlanes, type Planes } from './image'

// Same formulas as packages/perturbations/src/glsl/common.ts.
export const luminance = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b

const fract = (x: number) => x - Math.floor(x)
export const mix = (a: number, b: number, t: number) => a + (b - a) * t
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

/** Every pixel mixed with its luminance by `amount` (1 = grayscale), unclamped. */
export const grayPlanes = (p: Planes, amount: number) => mapPlanes(p, (c) => c.map((v) => mix(v, luminance(...c), amount)) as [number, number, number])

/**
 * Glazes of the teapot <-> coffee mug pair: a blue-and-white porcelain teapot (cobalt bands,
 * lotus panels, a ring of flowers on vines, brush-stroke variation) and a glossy red coffee mug
 * with a white interior, a white band and heart, and coffee with a ring of crema.
 */
import type { PartLayout } from './builder'
import { createNoise, hash2 } from './random'
import { blend, scaleRgb, setRgb, smoothstep, type Painter, type Rgb, type Surface, type TexturePainter } from './textures'

const PORCELAIN: Rgb = [232, 235, 241]
const COBALT: Rgb = [28, 58, 150]
const COBALT_DARK: Rgb = [16, 34, 100]
const MUG_RED: Rgb = [188, 28, 36]
const GLAZE_WHITE: Rgb = [244, 242, 236]
const COFFEE: Rgb = [52, 28, 14]
const CREMA: Rgb = [176, 120, 70]
const CLAY: Rgb = [196, 170, 136]

const fract = (x: number) => x - Math.floor(x)
/** 1 inside [lo, hi] with soft edges of width w */
const band = (x: number, lo: number, hi: number, w = 0.006) => smoothstep(lo - w, lo + w, x) * (1 - smoothstep(hi - w, hi + w, x))

/** Angle around the part's vertical axis in [0, 1) and horizontal outward direction (from the part's box). */
function around(s: Surface): { angle: number; outward: number } {
  const dx = s.q[0] - 0.5, dz = s.q[2] - 0.5
  const len = Math.hypot(dx, dz) || 1
  return { angle: fract(Math.atan2(dz, dx) / (2 * Math.PI)), outward: (s.n[0] * dx + s.n[2] * dz) / len }
}

/** The porcelain teapot. */
export function teapotPainter(seed = 0x7ea): TexturePainter {
  const nz = createNoise(seed)
  // brush-stroke density of the cobalt, and a slow tint of the glaze
  const fields = [(p: Float64Array) => nz.fbm3(p[0] * 7, p[1] * 7, p[2] * 7, 2)]
  const cobalt = (s: Surface, out: Float64Array, amount: number) => {
    if (amount <= 0) return
    const c: Rgb = [COBALT[0], COBALT[1], COBALT[2]]
    blend(out, c, amount)
    blend(out, COBALT_DARK, amount * smoothstep(-0.1, 0.5, s.f[0]) * 0.7)
    // brush strokes: streaks of darker and lighter pigment
    scaleRgb(out, 1 + amount * 0.25 * (hash2(s.px >> 1, s.py, 9) - 0.5))
  }
  const glaze = (s: Surface, out: Float64Array) => {
    setRgb(out, PORCELAIN)
    // the glaze is not flat white: a slow tint, fine pinholes and grain
    scaleRgb(out, 0.94 + 0.03 * s.f[0] + 0.14 * (hash2(s.px, s.py, 4) - 0.5) - (hash2(s.px, s.py, 5) > 0.97 ? 0.12 : 0))
  }
  /** a five-petal flower of radius r (in surface units) centred at (0, 0) of local coordinates */
  const flower = (x: number, y: number, r: number) => {
    const d = Math.hypot(x, y), a = Math.atan2(y, x)
    const petal = r * (0.55 + 0.45 * Math.abs(Math.cos(2.5 * a)))
    if (d < r * 0.22) return 0.45 // pale centre
    if (d < petal) return d > petal - r * 0.12 ? 1 : 0.75
    return 0
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'body') {
      return (s, out) => {
        glaze(s, out)
        if (s.cap !== 0) return
        const { angle, outward } = around(s)
        if (outward < 0.2 || s.n[1] > 0.75) return // rim and inside stay white
        const h = s.q[1]
        let ink = band(h, 0.03, 0.08) + band(h, 0.1, 0.115)
        // lotus panels: arches around the foot
        const k = fract(angle * 18)
        const arch = 0.14 + 0.1 * Math.sin(Math.PI * k)
        ink += band(h, arch - 0.012, arch + 0.012) * (h > 0.12 ? 1 : 0) + 0.5 * band(k, 0.47, 0.53, 0.01) * band(h, 0.12, arch)
        // a vine with six flowers and leaves around the belly
        const vine = 0.45 + 0.07 * Math.sin(angle * 2 * Math.PI * 6)
        ink += 0.9 * band(h, vine - 0.008, vine + 0.008)
        const cell = Math.round(angle * 6) / 6
        const fx = (angle - cell) * 6.2, fy = (h - 0.45) * 1.6
        ink = Math.max(ink, flower(fx, fy, 0.3))
        const leaf = Math.abs(fract(angle * 12 + 0.25) - 0.5) < 0.12 && Math.abs(h - vine + 0.05 * Math.sin(angle * 80)) < 0.035
        if (leaf) ink = Math.max(ink, 0.85)
        // shoulder band of chevrons between two lines
        ink += band(h, 0.7, 0.71) + band(h, 0.8, 0.81)
        if (h > 0.72 && h < 0.79) ink = Math.max(ink, Math.abs(fract(angle * 30) - 0.5) * 2 < (h - 0.72) / 0.07 ? 1 : 0)
        cobalt(s, out, Math.min(1, ink))
      }
    }
    if (name === 'lid') {
      return (s, out) => {
        glaze(s, out)
        const h = s.q[1]
        let ink = band(h, 0.05, 0.12) + band(h, 0.3, 0.34)
        if (h > 0.6) ink = 1 // the knob
        if (h > 0.14 && h < 0.28) ink += Math.abs(fract(around(s).angle * 12) - 0.5) < 0.08 ? 0.8 : 0
        cobalt(s, out, Math.min(1, ink))
      }
    }
    if (name === 'spout') {
      return (s, out) => {
        glaze(s, out)
        if (s.cap > 0) return setRgb(out, [150, 150, 155]) // the opening
        let ink = band(s.along, 0.9, 0.97) + band(s.along, 0.4, 0.43)
        ink += 0.8 * band(s.u, 0.2, 0.24, 0.01) * band(s.along, 0.45, 0.88)
        cobalt(s, out, Math.min(1, ink))
      }
    }
    // handle: a cobalt line along its outside, dots along its inside
    return (s, out) => {
      glaze(s, out)
      let ink = band(s.u, 0.45, 0.55, 0.01)
      ink += band(s.u, 0.95, 1.05, 0.01) * (fract(s.along * 14) < 0.5 ? 1 : 0)
      cobalt(s, out, Math.min(1, ink * smoothstep(0.05, 0.12, s.along) * smoothstep(0.95, 0.88, s.along)))
    }
  }
  return { background: PORCELAIN, fields, painterFor }
}

/** The red coffee mug. */
export function mugPainter(seed = 0x3c0f): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.fbm3(p[0] * 5, p[1] * 5, p[2] * 5, 2)]
  const red = (s: Surface, out: Float64Array) => {
    setRgb(out, MUG_RED)
    // speckled stoneware glaze: pooling, fine grain and dark iron specks
    scaleRgb(out, 0.93 + 0.07 * s.f[0] + 0.26 * (hash2(s.px, s.py, 6) - 0.5) - (hash2(s.px, s.py, 7) > 0.96 ? 0.35 : 0))
  }
  const heart = (x: number, y: number) => {
    // implicit heart curve (x² + y² − 1)³ − x² y³ < 0, y up
    const a = x * x + y * y - 1
    return a * a * a - x * x * y * y * y < 0
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'body') {
      return (s, out) => {
        red(s, out)
        if (s.cap < 0) return setRgb(out, CLAY, 0.9 + 0.1 * hash2(s.px, s.py, 8)) // unglazed foot
        if (s.cap > 0) {
          // coffee, lighter crema towards the wall, swirled
          const swirl = nz.n3(s.p[0] * 14 + 3, s.p[2] * 14, s.radial * 3)
          setRgb(out, COFFEE)
          blend(out, CREMA, smoothstep(0.55, 1, s.radial + 0.15 * swirl) * 0.8)
          scaleRgb(out, 0.9 + 0.2 * hash2(s.px, s.py, 10)) // bubbles
          return
        }
        const { angle, outward } = around(s)
        if (outward < 0.2 || s.n[1] > 0.75) return setRgb(out, GLAZE_WHITE, 0.93 + 0.04 * s.f[0] + 0.12 * (hash2(s.px, s.py, 8) - 0.5)) // rim and inside
        const h = s.q[1]
        blend(out, GLAZE_WHITE, band(h, 0.78, 0.82, 0.004) + band(h, 0.05, 0.07, 0.004))
        // a white heart on both sides, facing ±z
        for (const c of [0.25, 0.75]) {
          const x = (angle - c) * 9, y = (h - 0.45) * 3.6
          if (heart(x, y + 0.15)) setRgb(out, GLAZE_WHITE, 0.97)
          else if (heart(x * 0.82, (y + 0.15) * 0.82)) setRgb(out, [110, 14, 20])
        }
      }
    }
    return red
  }
  return { background: MUG_RED, fields, painterFor }
}

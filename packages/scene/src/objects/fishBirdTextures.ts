/**
 * Skins of the goldfish <-> macaw pair: an orange goldfish with rows of scales, a paler belly,
 * gill covers and translucent rayed fins; a scarlet macaw with small contour feathers, a bare
 * white face, horn-and-black beak, red-yellow-blue wings with feather vanes, a red and blue
 * tail, grey scaly legs and a bark-covered perch.
 */
import type { PartLayout } from './builder'
import { createNoise, hash2 } from './random'
import { blend, scaleRgb, setRgb, smoothstep, type Painter, type Rgb, type Surface, type TexturePainter } from './textures'

const ORANGE: Rgb = [238, 112, 18]
const GOLD: Rgb = [214, 92, 8]
const BELLY: Rgb = [250, 196, 120]
const FIN: Rgb = [250, 168, 80]
const SCARLET: Rgb = [204, 22, 28]
const YELLOW: Rgb = [250, 196, 24]
const GREEN: Rgb = [40, 140, 60]
const BLUE: Rgb = [28, 72, 196]
const DARK_BLUE: Rgb = [16, 36, 110]
const FACE: Rgb = [240, 236, 228]
const HORN: Rgb = [226, 214, 190]
const BEAK_BLACK: Rgb = [34, 31, 30]
const BARK: Rgb = [104, 74, 48]

const fract = (x: number) => x - Math.floor(x)

/** Eye: dark ring, coloured iris around the outward pole, black pupil and a highlight. */
function eye(iris: Rgb, pupil: number): Painter {
  return (s, out) => {
    const r = (1 - s.along) / 0.5 // 0 at the outward pole, 1 at the rim of the iris
    setRgb(out, [30, 24, 20])
    if (r < 1) setRgb(out, iris, 0.8 + 0.3 * (1 - r))
    if (r < pupil) setRgb(out, [6, 6, 8])
    if (s.n[1] > 0.5 && s.n[0] > 0.35) setRgb(out, [250, 250, 250])
  }
}

/**
 * Overlapping scales (or small feathers) in the part's own surface coordinates: a value in
 * [0, 1] that is 1 on the dark rim of each scale, with rows offset by half a scale.
 */
function scales(s: Surface, around: number, alongCount: number): { rim: number; sheen: number } {
  const period = Math.max(1, Math.round(around))
  const v = s.v * alongCount
  const row = Math.floor(v)
  const u = s.u * period + (row & 1 ? 0.5 : 0)
  const fx = fract(u) - 0.5, fy = fract(v)
  // each scale is a disc whose back edge shows; the next row covers its front
  const d = Math.hypot(fx * 1.1, (fy - 0.15) * 0.9)
  return { rim: smoothstep(0.38, 0.5, d), sheen: 1 - smoothstep(0, 0.45, d) }
}

/** Fin rays: thin dark lines along the fin, a lighter translucent edge. */
function rays(s: Surface, count: number): number {
  return smoothstep(0.08, 0.02, Math.abs(fract(s.u * count) - 0.5) - 0.4)
}

/** The goldfish skin. */
export function goldfishPainter(seed = 0x901d): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.fbm3(p[0] * 4, p[1] * 4, p[2] * 4, 2)]
  const skin = (s: Surface, out: Float64Array) => {
    setRgb(out, ORANGE)
    blend(out, GOLD, smoothstep(0.2, 0.9, s.n[1]) * 0.7)
    blend(out, BELLY, smoothstep(-0.2, -0.75, s.n[1]))
    // iridescent flecks and grain
    scaleRgb(out, 0.95 + 0.1 * s.f[0] + 0.12 * (hash2(s.px, s.py, 23) - 0.5))
  }
  const fin = (count: number) => (s: Surface, out: Float64Array) => {
    setRgb(out, FIN)
    blend(out, [255, 236, 205], smoothstep(0.55, 1, s.along) * 0.75)
    blend(out, GOLD, rays(s, count) * 0.6)
    scaleRgb(out, 0.95 + 0.08 * s.f[0] + 0.08 * (hash2(s.px, s.py, 29) - 0.5))
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'body') {
      return (s, out) => {
        skin(s, out)
        const { rim, sheen } = scales(s, 30, 22)
        scaleRgb(out, 1 - 0.13 * rim * smoothstep(0.02, 0.12, s.along) + 0.07 * sheen)
        // lateral line
        if (Math.abs(s.n[1] - 0.15) < 0.03 && s.along > 0.2 && s.along < 0.8) scaleRgb(out, 0.85)
      }
    }
    if (name === 'head') {
      return (s, out) => {
        skin(s, out)
        // gill cover: a darker arc behind the eye
        const arc = Math.abs(s.q[0] - 0.42 - 0.08 * Math.cos((s.q[1] - 0.5) * 3))
        if (arc < 0.025 && Math.abs(s.n[2]) > 0.3) scaleRgb(out, 0.7)
        blend(out, [250, 150, 90], smoothstep(0.85, 1, s.q[0]) * 0.5)
      }
    }
    if (name === 'beakUpper' || name === 'beakLower') return (s, out) => setRgb(out, [244, 140, 100], 0.9 + 0.15 * Math.max(0, s.n[1]))
    if (name.startsWith('eye')) return eye([215, 190, 120], 0.55)
    if (name === 'tail') return fin(18)
    if (name === 'dorsal' || name === 'anal') return fin(12)
    if (name.startsWith('wing') || name.startsWith('leg')) return fin(8)
    return skin
  }
  return { background: ORANGE, fields, painterFor }
}

/** The scarlet macaw plumage. */
export function macawPainter(seed = 0x3aca): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.fbm3(p[0] * 6, p[1] * 6, p[2] * 6, 2)]
  const plumage = (s: Surface, out: Float64Array, c: Rgb, count = 26) => {
    setRgb(out, c)
    const { rim, sheen } = scales(s, count, count * 0.8)
    scaleRgb(out, 0.9 + 0.08 * s.f[0] - 0.18 * rim + 0.08 * sheen + 0.14 * (hash2(s.px, s.py, 31) - 0.5))
  }
  /** flight feathers: vanes along the part with a dark shaft and dark gaps between feathers */
  const vanes = (s: Surface, out: Float64Array, count: number) => {
    const k = fract(s.u * count)
    if (Math.abs(k - 0.5) < 0.05) scaleRgb(out, 0.7)
    if (k < 0.06 || k > 0.94) scaleRgb(out, 0.55)
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'body' || name === 'dorsal' || name === 'anal') return (s, out) => plumage(s, out, SCARLET)
    if (name === 'head') {
      return (s, out) => {
        plumage(s, out, SCARLET, 34)
        // bare white face patch around the eye, with fine dark-red feather lines
        const face = smoothstep(0.5, 0.62, s.q[0]) * smoothstep(0.2, 0.45, Math.abs(s.n[2])) * smoothstep(0.12, 0.3, s.q[1]) * smoothstep(0.9, 0.72, s.q[1])
        if (face > 0) {
          blend(out, FACE, face)
          if (fract(s.q[1] * 22) < 0.12 && s.q[0] < 0.8) blend(out, [150, 30, 30], face * 0.8)
        }
      }
    }
    if (name === 'beakUpper') {
      return (s, out) => {
        setRgb(out, HORN)
        blend(out, BEAK_BLACK, smoothstep(0.65, 0.8, s.along)) // dark tip
        blend(out, BEAK_BLACK, smoothstep(0.12, 0.02, s.along) * 0.8) // dark base edge
        blend(out, [160, 150, 130], smoothstep(-0.2, -0.8, s.n[1]) * 0.5)
        scaleRgb(out, 0.92 + 0.15 * Math.max(0, s.n[1]) + 0.04 * (hash2(s.px, s.py, 17) - 0.5))
      }
    }
    if (name === 'beakLower') return (s, out) => setRgb(out, BEAK_BLACK, 0.9 + 0.3 * Math.max(0, s.n[1]))
    if (name.startsWith('eye')) return eye([235, 225, 160], 0.45)
    if (name.startsWith('wing')) {
      return (s, out) => {
        const t = s.along
        // shoulder red, yellow coverts with green tips, then blue flight feathers
        if (t < 0.22) plumage(s, out, SCARLET)
        else if (t < 0.5) {
          plumage(s, out, YELLOW, 18)
          blend(out, GREEN, smoothstep(0.38, 0.5, t) * 0.9)
        } else {
          setRgb(out, BLUE)
          blend(out, DARK_BLUE, smoothstep(0.6, 1, t) * 0.6)
          vanes(s, out, 9)
          scaleRgb(out, 0.95 + 0.08 * s.f[0] + 0.12 * (hash2(s.px, s.py, 37) - 0.5))
        }
      }
    }
    if (name === 'tail') {
      return (s, out) => {
        setRgb(out, SCARLET)
        blend(out, BLUE, smoothstep(0.55, 0.75, s.along))
        vanes(s, out, 7)
        scaleRgb(out, 0.95 + 0.08 * s.f[0] + 0.12 * (hash2(s.px, s.py, 43) - 0.5))
      }
    }
    if (name.startsWith('leg')) {
      return (s, out) => {
        setRgb(out, [128, 120, 118])
        if (fract(s.along * 9) < 0.2) scaleRgb(out, 0.75) // scaly rings
      }
    }
    if (name === 'perch') {
      return (s, out) => {
        setRgb(out, BARK)
        // bark: grooves along the branch, knots, lighter cut ends
        const groove = nz.n2p(s.u * 14, s.v * 3, 14)
        scaleRgb(out, 0.85 + 0.3 * groove + 0.08 * (hash2(s.px, s.py, 41) - 0.5))
        const knot = nz.n3(s.p[0] * 20, s.p[1] * 20, s.p[2] * 20)
        if (knot > 0.55) scaleRgb(out, 0.6)
        if (s.cap !== 0) {
          setRgb(out, [196, 160, 112])
          if (fract(s.radial * 6) < 0.2) scaleRgb(out, 0.8)
        }
      }
    }
    return (s, out) => plumage(s, out, SCARLET)
  }
  return { background: SCARLET, fields, painterFor }
}

/**
 * Fur textures of the dog <-> cat pair: a brown-and-white patched dog and a grey-brown
 * mackerel tabby cat. Both are solid 3D patterns evaluated on their own shape plus a fine
 * fur grain running along each part, so they are rich in mid and high frequencies.
 */
import type { PartLayout } from './builder'
import { createNoise, hash2, type ValueNoise } from './random'
import { blend, scaleRgb, setRgb, smoothstep, type Painter, type Rgb, type Surface, type TexturePainter } from './textures'


const DOG_WHITE: Rgb = [236, 228, 214]
const DOG_BROWN: Rgb = [138, 82, 40]
const DOG_DARK: Rgb = [76, 44, 22]
const BLACK_NOSE: Rgb = [30, 26, 26]

const CAT_BASE: Rgb = [168, 152, 128]
const CAT_WARM: Rgb = [188, 150, 105]
const CAT_STRIPE: Rgb = [52, 45, 38]
const CAT_LIGHT: Rgb = [222, 212, 194]
const CAT_PINK: Rgb = [222, 150, 150]

/** Fur grain: streaks along the part (v), single hairs and speckle; a brightness factor around 1. */
function grain(nz: ValueNoise, s: Surface): number {
  const period = Math.max(2, Math.round(s.iw / 1.6))
  const streak = nz.n2p(s.u * period, s.v * (s.ih / 5), period)
  const fine = hash2(s.px, s.py, 77) * 2 - 1
  // dark hairs: short runs of texels along v, staggered per texel column
  const col = s.px
  const hair = hash2(col, Math.floor((s.py + hash2(col, 0, 9) * 5) / 5), 13) > 0.78 ? 1 : 0
  return 0.88 + 0.13 * streak + 0.07 * fine - 0.14 * hair
}

/** Eye: dark sclera, coloured iris around the front pole, pupil (round or slit) and a highlight. */
function eye(iris: Rgb, slit: boolean): Painter {
  return (s, out) => {
    const r = (1 - s.along) / 0.42 // 0 at the front pole, 1 at the iris rim
    const ang = 2 * Math.PI * s.u
    setRgb(out, [35, 25, 20])
    if (r < 1) {
      setRgb(out, iris, 0.85 + 0.3 * (1 - r))
      const pupil = slit ? Math.abs(Math.sin(ang)) * r < 0.16 && r < 0.95 : r < 0.5
      if (pupil) setRgb(out, [8, 8, 10])
    }
    if (s.n[1] > 0.45 && s.n[0] > 0.55) setRgb(out, [250, 250, 250])
  }
}

/** The dog texture: brown and white patches (field 0) with shading of the brown (field 1). */
export function dogPainter(seed = 0x0d09): TexturePainter {
  const nz = createNoise(seed)
  const fields = [
    (p: Float64Array) => nz.fbm3(p[0] * 3.2 + 3.1, p[1] * 3.2 - 1.3, p[2] * 3.2 + 0.7, 3),
    (p: Float64Array) => 0.5 + 0.5 * nz.n3(p[0] * 4 + 9, p[1] * 4, p[2] * 4),
  ]
  /** per part: how much browner (> 0) or whiter (< 0) than the patch noise alone */
  const biasFor = (name: string): ((s: Surface) => number) => {
    if (name === 'body') return (s) => 0.35 * (s.q[1] - 0.62)
    if (name === 'neck') return (s) => 0.5 * (s.q[1] - 0.45)
    if (name === 'head') return (s) => 0.35 - 0.9 * smoothstep(0.05, 0.02, Math.abs(s.p[2])) * smoothstep(-0.3, 0.2, s.n[1] + s.n[0])
    if (name === 'snout') return (s) => -0.25 + 0.5 * smoothstep(0.55, 0.9, s.n[1]) * (1 - s.q[0])
    if (name.startsWith('leg')) return (s) => 0.2 - 0.8 * s.along
    if (name.startsWith('paw')) return () => -1
    if (name === 'tail') return (s) => 0.4 - 1.2 * smoothstep(0.78, 0.86, s.along)
    return () => 0
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'nose') {
      return (s, out) => {
        setRgb(out, BLACK_NOSE)
        scaleRgb(out, 0.8 + 0.4 * Math.max(0, s.n[1]) + 0.15 * nz.n3(s.p[0] * 300, s.p[1] * 300, s.p[2] * 300))
      }
    }
    if (name.startsWith('eye')) return eye([110, 62, 25], false)
    if (name.startsWith('ear')) {
      return (s, out) => {
        setRgb(out, DOG_DARK)
        blend(out, DOG_BROWN, s.f[1])
        scaleRgb(out, grain(nz, s))
      }
    }
    const bias = biasFor(name)
    return (s, out) => {
      const m = s.f[0] + bias(s)
      const brown = smoothstep(-0.07, 0.07, m)
      // the brown is shaded with a low-frequency noise, darker towards the patch cores
      setRgb(out, DOG_BROWN)
      blend(out, DOG_DARK, s.f[1] * smoothstep(0.05, 0.35, m))
      blend(out, DOG_WHITE, 1 - brown)
      scaleRgb(out, grain(nz, s))
    }
  }
  return { background: [150, 100, 60], fields, painterFor }
}

/** The tabby texture: stripes warped by field 0, warm/grey base mix from field 1. */
export function catPainter(seed = 0xca7): TexturePainter {
  const nz = createNoise(seed)
  const fields = [
    (p: Float64Array) => nz.fbm3(p[0] * 2.6 + 5, p[1] * 2.6 + 2, p[2] * 2.6 - 4, 2),
    (p: Float64Array) => 0.35 + 0.35 * nz.n3(p[0] * 3, p[1] * 3, p[2] * 3),
    (p: Float64Array) => nz.n3(p[0] * 11 + 1.7, p[1] * 11, p[2] * 11),
  ]
  /** 1 on a dark stripe, 0 between stripes */
  const stripe = (phase: number) => smoothstep(0.5, 0.72, 0.5 + 0.5 * Math.sin(2 * Math.PI * phase))
  const base = (s: Surface, out: Float64Array) => {
    setRgb(out, CAT_BASE)
    blend(out, CAT_WARM, s.f[1])
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'nose') return (s, out) => setRgb(out, CAT_PINK, 0.85 + 0.2 * Math.max(0, s.n[1]))
    if (name.startsWith('eye')) return eye([170, 185, 55], true)
    if (name.startsWith('ear')) {
      return (s, out) => {
        base(s, out)
        blend(out, CAT_STRIPE, 0.5 * smoothstep(0.6, 0.95, s.along))
        // inner side faces forward: pink skin with light tufts
        const inner = smoothstep(0.25, 0.55, s.n[0]) * smoothstep(0.95, 0.7, s.along)
        blend(out, CAT_PINK, inner)
        blend(out, CAT_LIGHT, inner * smoothstep(0.3, 0.8, nz.n3(s.p[0] * 80, s.p[1] * 80, s.p[2] * 80)))
        scaleRgb(out, grain(nz, s))
      }
    }
    return (s, out) => {
      base(s, out)
      // large-scale warp plus ragged edges
      const w = s.f[0] + 0.22 * s.f[2]
      let dark = 0
      let light = 0
      if (name === 'body' || name === 'neck') {
        // mackerel stripes running around the body, fading into a light belly
        dark = stripe(s.p[0] * 6.5 + 0.45 * w + 0.15 * Math.abs(s.p[2] * 4)) * smoothstep(-0.55, -0.1, s.n[1])
        // a dark line along the spine
        dark = Math.max(dark, smoothstep(0.93, 0.98, s.n[1]) * 0.8)
        light = smoothstep(-0.35, -0.75, s.n[1])
        if (name === 'neck') light = Math.max(light, smoothstep(0.2, 0.7, s.n[0]) * smoothstep(0.3, -0.3, s.n[1]))
      } else if (name === 'head') {
        // forehead stripes (the tabby "M") and cheek lines
        const top = smoothstep(0.25, 0.6, s.n[1])
        dark = top * stripe(s.p[2] * 13 + 0.3 * w + 0.25) * smoothstep(0.55, 0.2, s.q[0] - 0.3 * s.q[1] + 0.2)
        dark = Math.max(dark, smoothstep(0.6, 0.9, Math.abs(s.n[2])) * stripe(s.p[1] * 16 + s.p[0] * 6 + 0.3 * w))
        light = smoothstep(0.5, 0.9, s.n[0]) * smoothstep(0.3, -0.2, s.n[1])
      } else if (name === 'snout') {
        light = 0.85
      } else if (name.startsWith('leg')) {
        dark = stripe(s.p[1] * 7 + 0.35 * w) * smoothstep(0.95, 0.7, s.along)
        light = 0.4 * smoothstep(0.6, 1, s.along)
      } else if (name.startsWith('paw')) {
        light = 0.8
      } else if (name === 'tail') {
        dark = Math.max(stripe(s.along * 8.5 + 0.15 * w), smoothstep(0.88, 0.93, s.along))
      }
      blend(out, CAT_LIGHT, light)
      blend(out, CAT_STRIPE, dark * (0.85 + 0.15 * w))
      scaleRgb(out, grain(nz, s))
    }
  }
  return { background: [140, 128, 110], fields, painterFor }
}

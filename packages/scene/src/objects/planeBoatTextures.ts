/**
 * Liveries of the airliner <-> sailboat pair: a white airliner with a blue cheatline, rows of
 * cabin windows, cockpit glazing, grey belly and wings with flap lines, a blue tail with a
 * logo and engines with fan blades; a sailboat with a navy hull, gold cove stripe, white boot
 * stripe and red antifouling, a teak deck, cream sails with seams, battens, a sail number and
 * a blue UV strip, an aluminium rig and a white deckhouse with dark windows.
 */
import type { PartLayout } from './builder'
import { createNoise, hash2 } from './random'
import { blend, scaleRgb, setRgb, smoothstep, type Painter, type Rgb, type Surface, type TexturePainter } from './textures'
import { digitInk } from './truckCarTextures'

const WHITE: Rgb = [242, 243, 246]
const BELLY: Rgb = [184, 188, 196]
const WING_GREY: Rgb = [204, 208, 214]
const LIVERY: Rgb = [22, 52, 140]
const ACCENT: Rgb = [214, 36, 40]
const GOLD: Rgb = [238, 186, 40]
const WINDOW: Rgb = [28, 34, 44]
const NAVY: Rgb = [20, 34, 86]
const ANTIFOUL: Rgb = [168, 38, 34]
const TEAK: Rgb = [176, 124, 74]
const SAILCLOTH: Rgb = [246, 243, 232]
const UV_STRIP: Rgb = [30, 80, 160]
const ALUMINIUM: Rgb = [192, 196, 202]

const fract = (x: number) => x - Math.floor(x)
const band = (x: number, lo: number, hi: number, w = 0.006) => smoothstep(lo - w, lo + w, x) * (1 - smoothstep(hi - w, hi + w, x))
const grain = (s: Surface, amount = 0.04) => 1 + amount * (hash2(s.px, s.py, 19) - 0.5)

/** Jet-engine intake: dark fan blades around a silver spinner, a polished lip. */
function intake(s: Surface, out: Float64Array): void {
  const r = s.radial
  setRgb(out, [40, 42, 48])
  if (fract(s.u * 22 + r * 0.6) < 0.5) setRgb(out, [82, 86, 94])
  if (r < 0.28) setRgb(out, [210, 212, 218], 0.9 + 0.2 * (1 - r))
  if (r > 0.86) setRgb(out, ALUMINIUM)
}

/** The airliner. */
export function planePainter(seed = 0xa12): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.n3(p[0] * 8, p[1] * 8, p[2] * 8)]
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'fuselage') {
      return (s, out) => {
        const { q, n } = s
        setRgb(out, WHITE)
        blend(out, BELLY, smoothstep(-0.3, -0.5, n[1]))
        // cheatline under the windows, with a red pinstripe
        blend(out, LIVERY, band(n[1], 0.02, 0.17, 0.01) * smoothstep(0.05, 0.1, q[0]) * smoothstep(0.97, 0.92, q[0]))
        blend(out, ACCENT, band(n[1], -0.04, 0.0, 0.008) * smoothstep(0.05, 0.1, q[0]) * smoothstep(0.97, 0.92, q[0]))
        // a row of cabin windows on each side
        if (q[0] > 0.12 && q[0] < 0.86 && band(n[1], 0.26, 0.38, 0.004) > 0.5 && fract(q[0] * 75) < 0.42) setRgb(out, WINDOW)
        // doors
        for (const d of [0.2, 0.62, 0.88]) if (Math.abs(Math.abs(q[0] - d) - 0.012) < 0.0025 && n[1] > -0.35 && n[1] < 0.5 && Math.abs(n[2]) > 0.5) scaleRgb(out, 0.75)
        // cockpit glazing: a band of panes around the top of the nose
        if (q[0] > 0.925 && q[0] < 0.955 && n[1] > 0.2 && n[1] < 0.75 && n[0] > 0.1 && fract(Math.atan2(n[2], n[1]) * 2.2) > 0.1) setRgb(out, WINDOW)
        if (q[0] > 0.99) setRgb(out, [120, 124, 130]) // radome
        // tail cone in the livery colour
        blend(out, LIVERY, smoothstep(0.16, 0.12, q[0]) * smoothstep(-0.2, 0.1, n[1]))
        scaleRgb(out, grain(s) * (0.98 + 0.03 * s.f[0]))
      }
    }
    if (name.startsWith('wing') || name.startsWith('stab')) {
      return (s, out) => {
        setRgb(out, WING_GREY)
        scaleRgb(out, s.n[1] < 0 ? 0.9 : 1)
        // flaps along the trailing edge, panel lines along the span
        if (Math.abs(s.u - 0.5) < 0.16) scaleRgb(out, 0.93)
        if (Math.abs(Math.abs(s.u - 0.5) - 0.16) < 0.008) scaleRgb(out, 0.7)
        if (fract(s.along * 7) < 0.03) scaleRgb(out, 0.85)
        if (Math.abs(s.u) < 0.03 || Math.abs(s.u - 1) < 0.03) setRgb(out, [170, 174, 182]) // leading edge
        if (name.startsWith('wing')) blend(out, LIVERY, smoothstep(0.9, 0.94, s.along)) // wing tips
        scaleRgb(out, grain(s))
      }
    }
    if (name === 'fin') {
      return (s, out) => {
        const { q, ext } = s
        setRgb(out, LIVERY)
        // logo: a gold ring around a red disc with a white stripe
        const d = Math.hypot((q[0] - 0.42) * ext[0], (q[1] - 0.5) * ext[1])
        if (d < 0.075) setRgb(out, GOLD)
        if (d < 0.055) setRgb(out, ACCENT)
        if (d < 0.055 && Math.abs((q[1] - 0.5) * ext[1] + 0.4 * (q[0] - 0.42) * ext[0]) < 0.012) setRgb(out, WHITE)
        if (s.along < 0.06) setRgb(out, WHITE)
        scaleRgb(out, grain(s))
      }
    }
    // engines: white cowl with a blue band, intake at the front cap, exhaust at the rear
    return (s, out) => {
      if (s.cap < 0) return intake(s, out)
      if (s.cap > 0) {
        setRgb(out, [62, 62, 66])
        if (fract(s.radial * 4) < 0.2) scaleRgb(out, 0.6)
        return
      }
      setRgb(out, WHITE)
      blend(out, LIVERY, band(s.along, 0.3, 0.45))
      if (s.along < 0.08) setRgb(out, ALUMINIUM)
      if (s.along > 0.85) setRgb(out, [150, 152, 158])
      scaleRgb(out, grain(s) * (0.96 + 0.06 * s.n[1]))
    }
  }
  return { background: WHITE, fields, painterFor }
}

/** The sailboat. */
export function boatPainter(seed = 0xb0a7): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.fbm3(p[0] * 5, p[1] * 5, p[2] * 5, 2)]
  const cloth = (s: Surface, out: Float64Array) => {
    setRgb(out, SAILCLOTH)
    // horizontal panel seams and a faint weave
    if (fract(s.q[1] * 9) < 0.035) scaleRgb(out, 0.88)
    scaleRgb(out, (0.97 + 0.03 * s.f[0]) * grain(s, 0.03) * (((s.px + s.py) & 1) ? 1 : 0.985))
  }
  const metal = (s: Surface, out: Float64Array) => {
    setRgb(out, ALUMINIUM)
    scaleRgb(out, 0.85 + 0.2 * Math.max(0, s.n[1] + 0.3 * s.n[0]) + 0.04 * nz.n2p(s.u * 40, s.v * 2, 40))
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name === 'fuselage') {
      return (s, out) => {
        const { n, p } = s
        setRgb(out, NAVY)
        blend(out, GOLD, band(n[1], 0.6, 0.66, 0.006))
        blend(out, WHITE, band(n[1], -0.3, -0.2, 0.006))
        blend(out, ANTIFOUL, smoothstep(-0.3, -0.34, n[1]))
        if (n[1] > 0.8) {
          // teak deck: planks along the boat with dark caulking
          setRgb(out, TEAK)
          scaleRgb(out, 0.9 + 0.15 * nz.n2p(s.u * 60, s.v * 6, 60) * 0.5 + 0.1 * s.f[0])
          if (fract(p[2] * 45) < 0.1) setRgb(out, [52, 40, 30])
          if (n[1] < 0.86) setRgb(out, WHITE) // toe rail
        }
        scaleRgb(out, grain(s) * (0.97 + 0.05 * s.f[0]))
      }
    }
    if (name === 'wingR') {
      // jib: cloth with a blue UV strip along the leech (u around 0.5) and the foot
      return (s, out) => {
        cloth(s, out)
        if (Math.abs(s.u - 0.5) < 0.07 || s.along < 0.05) setRgb(out, UV_STRIP, grain(s))
      }
    }
    if (name === 'fin') {
      return (s, out) => {
        const { q, ext } = s
        cloth(s, out)
        // battens from the leech, at four heights
        const h = fract(q[1] * 4.5)
        if (Math.abs(h - 0.5) < 0.02 && Math.abs(s.u - 0.5) < 0.14 && q[1] < 0.9) setRgb(out, [200, 200, 196])
        // sail number "42", mirrored on the other side so it reads correctly from both
        // (u < 0.5 is the -z face, seen from -z where +x points to the left)
        const side = s.u < 0.5 ? -1 : 1
        const x = 0.5 + side * ((q[0] - 0.55) * ext[0]) / 0.3, y = (0.62 - q[1]) * ext[1] / 0.14 + 0.5
        if (digitInk(4, (x - 0.02) / 0.44, y) || digitInk(2, (x - 0.54) / 0.44, y)) setRgb(out, [20, 24, 30])
        // class insignia: a red triangle higher up
        const ix = Math.abs((q[0] - 0.6) * ext[0]), iy = (q[1] - 0.78) * ext[1]
        if (iy > -0.04 && iy < 0.04 && ix < 0.05 * (0.04 - iy) / 0.08) setRgb(out, ACCENT)
        if (s.along < 0.03) setRgb(out, [210, 208, 200]) // foot tape
      }
    }
    if (name === 'wingL' || name === 'stabL') {
      return (s, out) => {
        setRgb(out, [36, 36, 40])
        scaleRgb(out, grain(s, 0.1) * (0.9 + 0.1 * s.f[0]))
      }
    }
    if (name === 'stabR') return metal
    if (name === 'engineR') {
      return (s, out) => {
        metal(s, out)
        if (band(s.along, 0.55, 0.57) > 0.5 || band(s.along, 0.8, 0.815) > 0.5) setRgb(out, [40, 40, 44]) // spreader fittings
      }
    }
    // deckhouse: white, dark windows along the sides and at the front, grey non-slip top
    return (s, out) => {
      const { q, n } = s
      setRgb(out, WHITE)
      if (n[1] > 0.6) {
        setRgb(out, [206, 206, 200])
        if (((s.px >> 1) + (s.py >> 1)) & 1) scaleRgb(out, 0.94)
      }
      if (Math.abs(n[2]) > 0.6 && q[1] > 0.4 && q[1] < 0.72 && fract(q[0] * 3) > 0.18 && fract(q[0] * 3) < 0.82) setRgb(out, WINDOW)
      if (s.cap < 0 && q[1] > 0.45 && Math.abs(q[2] - 0.5) < 0.3) setRgb(out, WINDOW)
      scaleRgb(out, grain(s))
    }
  }
  return { background: NAVY, fields, painterFor }
}

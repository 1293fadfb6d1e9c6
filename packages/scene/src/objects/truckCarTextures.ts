/**
 * Liveries of the fire truck <-> race car pair: a red fire truck with white and chrome
 * stripes, roll-up shutters, chevrons, yellow ladder, windows and black tyres; a blue and
 * white race car with a number roundel, sponsor blocks, checkered end plates, carbon fibre,
 * a dark cockpit and slick tyres. Both are full of sharp edges and fine detail.
 */
import type { PartLayout } from './builder'
import { createNoise, hash2 } from './random'
import { blend, scaleRgb, setRgb, smoothstep, type Painter, type Rgb, type Surface, type TexturePainter } from './textures'

const RED: Rgb = [196, 24, 22]
const WHITE: Rgb = [240, 240, 236]
const CHROME: Rgb = [196, 200, 206]
const YELLOW: Rgb = [242, 196, 28]
const TYRE: Rgb = [30, 30, 32]
const GLASS: Rgb = [28, 44, 62]
const BLACK: Rgb = [18, 18, 20]
const BLUE: Rgb = [22, 62, 196]
const NAVY: Rgb = [14, 30, 100]
const CAR_RED: Rgb = [222, 34, 40]

const fract = (x: number) => x - Math.floor(x)
/** 1 inside [lo, hi], with antialiased edges of width w */
const band = (x: number, lo: number, hi: number, w = 0.01) => smoothstep(lo - w, lo + w, x) * (1 - smoothstep(hi - w, hi + w, x))

/** Seven-segment digit: is (x, y) in [0, 1]^2 (y down) on a lit segment of `d`? */
const SEGMENTS = ['abcdef', 'bc', 'abdeg', 'abcdg', 'bcfg', 'acdfg', 'acdefg', 'abc', 'abcdefg', 'abcdfg']
export function digitInk(d: number, x: number, y: number): boolean {
  const t = 0.2
  const on = SEGMENTS[d]
  if (x < 0 || x > 1 || y < 0 || y > 1) return false
  const left = x < t, right = x > 1 - t, top = y < t * 0.8, bottom = y > 1 - t * 0.8, mid = Math.abs(y - 0.5) < t * 0.4
  return (
    (top && on.includes('a')) || (mid && on.includes('g')) || (bottom && on.includes('d')) ||
    (right && y < 0.5 && on.includes('b')) || (right && y >= 0.5 && on.includes('c')) ||
    (left && y >= 0.5 && on.includes('e')) || (left && y < 0.5 && on.includes('f'))
  )
}

/** Tiny "sponsor lettering": rows of random-width blocks, deterministic per (x, y) cell. */
function lettering(x: number, y: number, seed: number): boolean {
  const row = Math.floor(y)
  const fy = y - row
  if (fy < 0.18 || fy > 0.82) return false
  const col = Math.floor(x * 1.6)
  const gap = hash2(col, row, seed) < 0.18
  const fx = fract(x * 1.6)
  return !gap && fx > 0.12 && fx < 0.88 && !(fx > 0.4 && fx < 0.55 && hash2(col, row, seed + 1) < 0.5 && fy > 0.5)
}

/** Per-texel grain and low-frequency grime (field 0), returned as a brightness factor. */
const grime = (s: Surface, amount = 1) => 1 + amount * (0.05 * (hash2(s.px, s.py, 5) - 0.5) + 0.06 * s.f[0])

/** Tyre: tread on the side, sidewall and hub on the caps. */
function tyre(hub: Rgb, rim: Rgb, tread: boolean, accent: Rgb | null): Painter {
  return (s, out) => {
    if (s.cap === 0) {
      setRgb(out, TYRE)
      if (tread) {
        const blocks = (fract(s.u * 28) < 0.55 ? 1 : 0) ^ (fract(s.along * 3 + 0.25 * (fract(s.u * 14) < 0.5 ? 1 : 0)) < 0.5 ? 1 : 0)
        scaleRgb(out, blocks ? 1.5 : 0.75)
      }
      scaleRgb(out, grime(s, 2))
      return
    }
    const r = s.radial
    const a = 2 * Math.PI * s.u
    setRgb(out, TYRE)
    scaleRgb(out, 1 + 0.25 * smoothstep(0.75, 0.95, r))
    if (accent && r > 0.72 && r < 0.84 && fract(s.u * 6) < 0.7) setRgb(out, accent)
    if (r < 0.62) {
      setRgb(out, rim)
      scaleRgb(out, 0.8 + 0.35 * Math.cos(a - 0.8))
    }
    if (r < 0.5) {
      setRgb(out, hub)
      // spokes / holes around the hub
      if (r > 0.22 && r < 0.45 && fract(s.u * 8) < 0.45) scaleRgb(out, 0.45)
    }
    if (r < 0.18) setRgb(out, hub, 1.15)
    if (r > 0.12 && r < 0.2 && fract(s.u * 6) < 0.35) setRgb(out, [60, 60, 60])
    scaleRgb(out, grime(s))
  }
}

/** The fire-truck texture. */
export function truckPainter(seed = 0xf17e): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.n3(p[0] * 9, p[1] * 9, p[2] * 9)]
  const chrome = (s: Surface, out: Float64Array) => {
    setRgb(out, CHROME)
    // brushed metal: streaks along the part plus a soft reflection gradient
    scaleRgb(out, 0.8 + 0.25 * s.n[1] + 0.08 * nz.n2p(s.u * 200, s.v * 4, 200))
  }
  const diamondPlate = (s: Surface, out: Float64Array) => {
    chrome(s, out)
    const k = 90
    const a = s.p[0] * k + s.p[2] * k, b = s.p[0] * k - s.p[2] * k
    if (fract(a) < 0.22 && fract(b * 0.5) < 0.5) scaleRgb(out, 1.25)
    if (fract(b) < 0.22 && fract(a * 0.5 + 0.25) < 0.5) scaleRgb(out, 0.75)
  }
  const glass = (s: Surface, out: Float64Array) => {
    setRgb(out, GLASS)
    // sky reflection streak
    blend(out, [150, 175, 200], 0.45 * band(fract(s.p[0] * 2 + s.p[1] * 3 + s.p[2]), 0.2, 0.32, 0.03))
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name.startsWith('wheel')) return tyre([205, 205, 210], [170, 30, 28], true, null)
    if (name.startsWith('rail') || name.startsWith('rung')) {
      return (s, out) => {
        setRgb(out, YELLOW)
        if (name.startsWith('rail') && fract(s.q[0] * 24) < 0.08) setRgb(out, [60, 55, 40]) // rung sockets
        scaleRgb(out, grime(s, 1.5) * (0.85 + 0.2 * s.n[1]))
      }
    }
    if (name === 'beacon') {
      return (s, out) => {
        const seg = Math.floor(s.along * 6.999)
        setRgb(out, seg % 2 === 0 ? [235, 25, 20] : [250, 245, 235])
        if (s.cap !== 0) setRgb(out, [40, 40, 44])
        scaleRgb(out, 0.85 + 0.3 * Math.max(0, s.n[1]) + 0.1 * Math.sin(s.u * 2 * Math.PI * 12))
      }
    }
    if (name === 'turntable') {
      return (s, out) => {
        setRgb(out, [70, 72, 78])
        if (s.cap === 0 && band(s.along, 0.3, 0.7, 0.02) > 0.5) setRgb(out, fract(s.u * 24) < 0.5 ? YELLOW : [30, 30, 30])
        scaleRgb(out, grime(s, 2))
      }
    }
    if (name === 'tank') {
      return (s, out) => {
        chrome(s, out)
        if (s.cap === 0 && fract(s.along * 4 + 0.5) < 0.1) scaleRgb(out, 0.5)
        if (s.cap !== 0 && fract(s.radial * 5) < 0.12) scaleRgb(out, 0.6)
        scaleRgb(out, grime(s))
      }
    }
    if (name === 'bumper') return (s, out) => { chrome(s, out); if (s.n[0] > 0.5 && fract(s.q[2] * 14) < 0.06) scaleRgb(out, 0.6) }
    if (name.startsWith('locker')) return diamondPlate
    if (name === 'cab') {
      return (s, out) => {
        const { q, n, ext } = s
        setRgb(out, RED)
        if (n[0] > 0.55) {
          // front: windscreen, grille, headlights, amber indicators
          if (q[1] > 0.6 && q[1] < 0.95 && q[2] > 0.07 && q[2] < 0.93) glass(s, out)
          else if (q[1] > 0.14 && q[1] < 0.45 && q[2] > 0.27 && q[2] < 0.73) {
            setRgb(out, CHROME)
            if (fract(q[1] * 28) < 0.45) setRgb(out, [35, 35, 38])
          } else {
            for (const cz of [0.14, 0.86]) {
              const d = Math.hypot((q[2] - cz) * ext[2], (q[1] - 0.3) * ext[1])
              if (d < 0.045) setRgb(out, d < 0.03 ? [255, 250, 215] : CHROME)
              if (Math.abs((q[2] - cz) * ext[2]) < 0.04 && Math.abs((q[1] - 0.47) * ext[1]) < 0.015) setRgb(out, [250, 150, 20])
            }
          }
        } else if (Math.abs(n[2]) > 0.55) {
          // sides: door window, door seam, gold emblem, white stripe
          if (q[1] > 0.6 && q[1] < 0.92 && q[0] > 0.3 && q[0] < 0.93) glass(s, out)
          if (band(q[0], 0.27, 0.29, 0.003) > 0.5 && q[1] < 0.93) scaleRgb(out, 0.55)
          const d = Math.hypot((q[0] - 0.6) * ext[0], (q[1] - 0.33) * ext[1])
          if (d < 0.075) {
            setRgb(out, [225, 180, 50])
            const a = Math.atan2(q[1] - 0.33, q[0] - 0.6)
            if (d < 0.06 && Math.abs(Math.sin(a * 4)) < 0.5 + d * 4) setRgb(out, [150, 20, 20])
          }
        }
        blend(out, WHITE, band(q[1], 0.5, 0.56, 0.004) * (n[0] > 0.55 ? 0 : 1))
        if (q[1] < 0.07) chrome(s, out)
        scaleRgb(out, grime(s))
      }
    }
    if (name === 'body') {
      return (s, out) => {
        const { q, n } = s
        setRgb(out, RED)
        if (Math.abs(n[2]) > 0.55) {
          // roll-up shutters between red pillars, a white stripe and a chrome sill
          const bay = fract(q[0] * 4)
          if (q[1] > 0.1 && q[1] < 0.5 && bay > 0.06 && bay < 0.94) {
            setRgb(out, [205, 208, 212])
            if (fract(q[1] * 44) < 0.3) scaleRgb(out, 0.7)
            if (q[1] < 0.16 && bay > 0.45 && bay < 0.55) setRgb(out, [40, 40, 40]) // handle
          }
          blend(out, WHITE, band(q[1], 0.56, 0.63, 0.004))
          blend(out, YELLOW, band(q[1], 0.66, 0.68, 0.003))
          if (q[1] < 0.07) chrome(s, out)
          if (q[1] > 0.74 && q[1] < 0.9 && fract(q[0] * 12) < 0.6 && lettering(q[0] * 40, q[1] * 8, 11)) setRgb(out, [235, 200, 60])
        } else if (n[0] < -0.55) {
          // rear: red / yellow chevrons
          setRgb(out, fract((s.p[1] + Math.abs(s.p[2])) * 7) < 0.5 ? YELLOW : RED)
          if (q[1] < 0.08) setRgb(out, [30, 30, 30])
        } else if (n[1] > 0.55) diamondPlate(s, out)
        scaleRgb(out, grime(s))
      }
    }
    return (_s, out) => setRgb(out, RED)
  }
  return { background: [150, 20, 20], fields, painterFor }
}

/** The race-car texture. */
export function carPainter(seed = 0xca5): TexturePainter {
  const nz = createNoise(seed)
  const fields = [(p: Float64Array) => nz.n3(p[0] * 9, p[1] * 9, p[2] * 9)]
  const carbon = (s: Surface, out: Float64Array) => {
    const weave = ((s.px >> 1) + (s.py >> 1)) & 1
    setRgb(out, weave ? [44, 46, 50] : [24, 25, 28])
  }
  const paint = (s: Surface, out: Float64Array, c: Rgb) => {
    setRgb(out, c)
    scaleRgb(out, 0.92 + 0.12 * s.n[1] + 0.04 * (hash2(s.px, s.py, 3) - 0.5))
  }
  /** white disc with a black racing number; true when it painted */
  const roundel = (s: Surface, out: Float64Array, cx: number, cy: number, r: number): boolean => {
    const dx = (s.q[0] - cx) * s.ext[0], dy = (s.q[1] - cy) * s.ext[1]
    const d = Math.hypot(dx, dy)
    if (d > r) return false
    setRgb(out, d > r * 0.9 ? CAR_RED : WHITE)
    // "27": two digits side by side; x runs backwards on the left (-z) side so both read correctly
    const sx = s.n[2] < 0 ? -1 : 1
    const lx = (sx * dx) / (r * 1.2) + 0.5, ly = 0.5 - dy / (r * 1.15)
    if (digitInk(2, (lx - 0.08) / 0.38, (ly - 0.2) / 0.6) || digitInk(7, (lx - 0.54) / 0.38, (ly - 0.2) / 0.6)) setRgb(out, BLACK)
    return true
  }
  const painterFor = (part: PartLayout): Painter => {
    const name = part.name
    if (name.startsWith('wheel')) return tyre([60, 62, 68], [40, 40, 44], false, [250, 210, 30])
    if (name.startsWith('rung')) return carbon
    if (name.startsWith('rail')) {
      return (s, out) => {
        const check = (Math.floor(s.q[0] * 7) + Math.floor(s.q[1] * 7)) & 1
        setRgb(out, check ? BLACK : WHITE)
        if (s.q[1] > 0.85) setRgb(out, CAR_RED)
      }
    }
    if (name === 'beacon') {
      return (s, out) => {
        const { n } = s
        paint(s, out, YELLOW)
        if (Math.abs(n[2]) < 0.25 || band(n[1], 0.55, 0.7) > 0.5) paint(s, out, CAR_RED)
        if (n[0] > 0.3 && n[1] > -0.25 && n[1] < 0.35) {
          setRgb(out, [25, 30, 45])
          blend(out, [120, 160, 220], 0.5 * band(n[1] + 0.3 * n[2], 0.05, 0.15, 0.02))
        }
      }
    }
    if (name === 'turntable') {
      return (s, out) => {
        paint(s, out, BLUE)
        if (s.n[0] > 0.5 && s.q[1] > 0.45) setRgb(out, s.q[1] > 0.55 && Math.abs(s.q[2] - 0.5) < 0.35 ? BLACK : WHITE)
        if (s.cap > 0) setRgb(out, WHITE)
      }
    }
    if (name === 'tank') {
      return (s, out) => {
        paint(s, out, s.n[1] > 0 ? WHITE : BLUE)
        if (s.n[1] > 0.3 && lettering(s.q[2] * 30, s.q[0] * 4 - 0.5, 21)) setRgb(out, BLUE)
        if (s.n[0] > 0.7) setRgb(out, CAR_RED)
      }
    }
    if (name === 'bumper') {
      return (s, out) => {
        carbon(s, out)
        if (s.n[1] > 0.2) paint(s, out, Math.abs(s.q[2] - 0.5) > 0.36 ? CAR_RED : BLUE)
        if (s.n[1] > 0.2 && band(s.q[0], 0.45, 0.55) > 0.5) setRgb(out, WHITE)
      }
    }
    if (name.startsWith('locker')) {
      return (s, out) => {
        const { q, n } = s
        paint(s, out, BLUE)
        if (n[1] < -0.3) return carbon(s, out)
        blend(out, WHITE, band(q[1] + 0.6 * q[0], 0.62, 0.74, 0.01))
        blend(out, YELLOW, band(q[1], 0.02, 0.18, 0.01))
        if (Math.abs(n[2]) > 0.4 && q[0] > 0.3 && q[0] < 0.85 && q[1] > 0.25 && q[1] < 0.5 && lettering(q[0] * 22, q[1] * 10, 33)) setRgb(out, WHITE)
      }
    }
    if (name === 'cab') {
      return (s, out) => {
        const { q, n, p } = s
        paint(s, out, BLUE)
        if (n[1] < -0.4) return carbon(s, out)
        // white centre stripe with red pinstripes
        if (n[1] > 0.2) {
          const z = Math.abs(p[2])
          if (z < 0.035) setRgb(out, WHITE)
          else if (z < 0.045) setRgb(out, CAR_RED)
        }
        if (q[0] > 0.9) paint(s, out, YELLOW)
        // cockpit opening behind the nose
        if (q[0] < 0.3 && n[1] > 0.35 && Math.abs(p[2]) < 0.14 * (1 - q[0])) setRgb(out, [12, 12, 14])
        if (Math.abs(n[2]) > 0.5 && q[0] > 0.35 && q[0] < 0.8 && q[1] > 0.3 && q[1] < 0.7 && lettering(q[0] * 30, q[1] * 6, 44)) setRgb(out, WHITE)
      }
    }
    if (name === 'body') {
      return (s, out) => {
        const { q, n, p } = s
        paint(s, out, BLUE)
        if (n[1] < -0.4) return carbon(s, out)
        if (Math.abs(n[2]) > 0.45) {
          // yellow sponsor block at the rear, lettering, number roundel
          if (q[0] < 0.3 && q[1] > 0.3 && q[1] < 0.6) {
            setRgb(out, YELLOW)
            if (lettering(q[0] * 40, q[1] * 10, 55)) setRgb(out, BLACK)
          }
          roundel(s, out, 0.62, 0.58, 0.085)
          blend(out, NAVY, band(q[1], 0.12, 0.2, 0.01))
        }
        if (n[1] > 0.4) {
          const z = Math.abs(p[2])
          if (z < 0.03) setRgb(out, WHITE)
          else if (z < 0.04) setRgb(out, CAR_RED)
          // checkered band across the top
          if (q[0] > 0.78 && q[0] < 0.86) setRgb(out, (Math.floor(p[2] * 60) + Math.floor(q[0] * 90)) & 1 ? BLACK : WHITE)
        }
        if (n[0] < -0.6) setRgb(out, q[1] < 0.4 ? [200, 30, 30] : NAVY)
      }
    }
    return (s, out) => paint(s, out, BLUE)
  }
  return { background: [20, 50, 160], fields, painterFor }
}

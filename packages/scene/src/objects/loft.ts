/**
 * Lofted primitives: a closed cross-section (superellipse) swept through a list of stations.
 * Ellipsoids, capsules, cones, boxes, cylinders, curved tails and flat ears are all lofts
 * with different station lists, so two ends of a morph only need the same station and ring
 * counts to share their topology exactly.
 */
import type { Vec3 } from './geometry'

export interface Station {
  /** centre of the cross-section */
  c: Vec3
  /** half-size along the frame's first axis (the part's `ref` made perpendicular to the spine) */
  a: number
  /** half-size along the second axis (spine x first axis) */
  b: number
  /** superellipse exponent of the cross-section: 2 = ellipse, 4-8 = rounded box (default 2) */
  p?: number
  /**
   * When set, the cross-section is a rectangle with elliptic corners of radii (r * a, r * b)
   * instead of a superellipse: small r gives crisp box edges (ring must be a multiple of 4).
   */
  r?: number
}

export interface LoftShape {
  stations: Station[]
  /** reference direction for the first cross-section axis; must never be parallel to the spine */
  ref: Vec3
  /**
   * When set, every cross-section is perpendicular to this unit axis instead of to the spine
   * (e.g. vehicle hulls whose station centres move up and down but whose sections stay
   * vertical). Stations must then advance along the axis.
   */
  axis?: Vec3
}

/** Cross-section half-sizes [a, b] as a function of t in [0, 1] along the spine. */
export type SizeFn = (t: number) => readonly [number, number]

const lerp3 = (p: Vec3, q: Vec3, t: number): Vec3 => [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t]

/** Point on a Bezier curve with any number of control points (de Casteljau). */
export function bezier(ctrl: readonly Vec3[], t: number): Vec3 {
  let pts = ctrl.slice()
  while (pts.length > 1) {
    const next: Vec3[] = []
    for (let i = 0; i + 1 < pts.length; i++) next.push(lerp3(pts[i], pts[i + 1], t))
    pts = next
  }
  return pts[0]
}

/** `count` stations along a Bezier through `ctrl` (two points = a straight segment). */
export function sweep(ctrl: readonly Vec3[], count: number, size: SizeFn, p = 2): Station[] {
  const out: Station[] = []
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1)
    const [a, b] = size(t)
    out.push({ c: bezier(ctrl, t), a, b, p })
  }
  return out
}

/** Profile that is 1 in the middle and falls to 0 at both ends; higher k = flatter (k=2 ellipse). */
export const round = (k = 2) => (t: number) => Math.pow(Math.max(0, 1 - Math.pow(Math.abs(2 * t - 1), k)), 1 / k)

/** Constant cross-section. */
export const constant = (a: number, b: number): SizeFn => () => [a, b]

/** Ellipsoid-like stations between `from` and `to` (poles at both ends), half-sizes a, b. */
export function ellipsoid(from: Vec3, to: Vec3, a: number, b: number, count: number, k = 2, p = 2): Station[] {
  const f = round(k)
  return sweep([from, to], count, (t) => [a * f(t), b * f(t)], p)
}

/** Straight box/cylinder stations with a constant section (use flat caps). */
export function prism(from: Vec3, to: Vec3, a: number, b: number, count: number, r = 0.1): Station[] {
  return sweep([from, to], count, constant(a, b)).map((s) => ({ ...s, r }))
}

const sub = (p: Vec3, q: Vec3): [number, number, number] => [p[0] - q[0], p[1] - q[1], p[2] - q[2]]
const dot = (p: Vec3, q: Vec3) => p[0] * q[0] + p[1] * q[1] + p[2] * q[2]
function unit(v: [number, number, number]): [number, number, number] {
  const l = Math.hypot(v[0], v[1], v[2])
  return l > 1e-12 ? [v[0] / l, v[1] / l, v[2] / l] : [0, 0, 0]
}

/**
 * One ring of `ring + 1` points (the last repeats the first, for the UV seam) per station.
 * Points run counter-clockwise seen from the spine's forward direction, which makes the
 * triangles of consecutive rings face outwards.
 */
export function stationRings(shape: LoftShape, ring: number): Float64Array[] {
  const st = shape.stations
  const S = st.length
  const rows: Float64Array[] = []
  for (let s = 0; s < S; s++) {
    const t = shape.axis ? unit([...shape.axis] as [number, number, number]) : unit(sub(st[Math.min(s + 1, S - 1)].c, st[Math.max(s - 1, 0)].c))
    const rd = dot(shape.ref, t)
    const n = unit([shape.ref[0] - rd * t[0], shape.ref[1] - rd * t[1], shape.ref[2] - rd * t[2]])
    if (n[0] === 0 && n[1] === 0 && n[2] === 0) throw new Error('loft: ref is parallel to the spine')
    const bn: Vec3 = [t[1] * n[2] - t[2] * n[1], t[2] * n[0] - t[0] * n[2], t[0] * n[1] - t[1] * n[0]]
    const { c, a, b } = st[s]
    const p = st[s].p ?? 2
    const xy = st[s].r === undefined ? null : roundedRect(a, b, st[s].r!, ring)
    const row = new Float64Array((ring + 1) * 3)
    for (let j = 0; j < ring; j++) {
      let x: number, y: number
      if (xy) {
        x = xy[j * 2]
        y = xy[j * 2 + 1]
      } else {
        const th = (2 * Math.PI * j) / ring
        const cs = Math.cos(th), sn = Math.sin(th)
        // polar superellipse: direction (cs, sn) pushed onto |x|^p + |y|^p = 1
        const r = Math.pow(Math.pow(Math.abs(cs), p) + Math.pow(Math.abs(sn), p), -1 / p)
        x = a * cs * r
        y = b * sn * r
      }
      for (let k = 0; k < 3; k++) row[j * 3 + k] = c[k] + x * n[k] + y * bn[k]
    }
    for (let k = 0; k < 3; k++) row[ring * 3 + k] = row[k]
    rows.push(row)
  }
  return rows
}

/** `count` stations from a function of t in [0, 1]. */
export function stations(count: number, fn: (t: number) => Station): Station[] {
  const out: Station[] = []
  for (let i = 0; i < count; i++) out.push(fn(i / (count - 1)))
  return out
}

/** Tube along a Bezier with a size profile; `tip` rounds the ends with round(k). */
export function tube(ctrl: readonly Vec3[], count: number, r0: readonly [number, number], r1: readonly [number, number], k = 6): Station[] {
  const f = round(k)
  return sweep(ctrl, count, (t) => [(r0[0] + (r1[0] - r0[0]) * t) * f(t), (r0[1] + (r1[1] - r0[1]) * t) * f(t)])
}

/**
 * `ring` points counter-clockwise around a rectangle of half-sizes a, b with elliptic corners
 * of radii (r * a, r * b): k points on each corner arc, the rest evenly on the sides. Starts
 * on the +a side, at the end of the last corner.
 */
export function roundedRect(a: number, b: number, r: number, ring: number): Float64Array {
  if (ring % 4 !== 0) throw new Error('roundedRect: ring must be a multiple of 4')
  const q = ring / 4
  const k = Math.min(q, Math.max(2, Math.floor(ring / 8) + 1))
  const m = q - k
  const rr = Math.min(1, Math.max(0.02, r))
  const ra = rr * a, rb = rr * b
  const out = new Float64Array(ring * 2)
  const signs = [[1, 1], [-1, 1], [-1, -1], [1, -1]]
  let j = 0
  for (let corner = 0; corner < 4; corner++) {
    const [sx, sy] = signs[corner]
    const cx = sx * (a - ra), cy = sy * (b - rb)
    for (let i = 0; i < k; i++) {
      const phi = (Math.PI / 2) * (corner + i / (k - 1))
      out[j * 2] = cx + ra * Math.cos(phi)
      out[j * 2 + 1] = cy + rb * Math.sin(phi)
      j++
    }
    // side points towards the next corner's first point
    const [nx, ny] = signs[(corner + 1) % 4]
    const phiN = (Math.PI / 2) * (corner + 1)
    const ex = nx * (a - ra) + ra * Math.cos(phiN), ey = ny * (b - rb) + rb * Math.sin(phiN)
    const lx = out[(j - 1) * 2], ly = out[(j - 1) * 2 + 1]
    for (let i = 1; i <= m; i++) {
      const t = i / (m + 1)
      out[j * 2] = lx + (ex - lx) * t
      out[j * 2 + 1] = ly + (ey - ly) * t
      j++
    }
  }
  return out
}

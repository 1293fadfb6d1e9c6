/**
 * Procedural texture painting into plain RGBA arrays (no canvas, runs in Node and jsdom).
 * A painter is called once per texel of each part's atlas rectangle with the surface point
 * that texel maps to (position and normal on the shape the texture belongs to), so patterns
 * can be solid 3D patterns that continue across seams and parts.
 */
import { ATLAS_PAD, type BuiltMesh, type PartLayout } from './builder'
import { boundingBox } from './geometry'
import type { RgbaImage } from './types'

/** Width and height of every built-in object texture. */
export const TEXTURE_SIZE = 512

export type Rgb = readonly [number, number, number]

/** What a painter knows about the texel it paints. */
export interface Surface {
  part: PartLayout
  /** local texture coordinates: u around the cross-section, v along the part (0..1) */
  u: number
  v: number
  /** position along the loft stations, 0..1 (clamped inside the caps) */
  along: number
  /** -1 / 1 inside the start / end flat cap, 0 on the side */
  cap: number
  /** inside a flat cap: 0 at its centre, 1 at the rim; 1 elsewhere */
  radial: number
  /** position on the shape (normalised object space) */
  p: Float64Array
  /** unit normal on the shape */
  n: Float64Array
  /** position relative to the part's bounding box, each axis 0..1 */
  q: Float64Array
  /** size of the part's bounding box */
  ext: Float64Array
  /** the texture's low-frequency fields (TexturePainter.fields) at this texel */
  f: Float64Array
  /** pixel coordinates in the atlas and the inner size of the part's rectangle */
  px: number
  py: number
  iw: number
  ih: number
}

/** Writes an RGB colour (0..255, may be fractional or out of range) into `out`. */
export type Painter = (s: Surface, out: Float64Array) => void

export const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x)
export const smoothstep = (e0: number, e1: number, x: number) => {
  const t = clamp01((x - e0) / (e1 - e0))
  return t * t * (3 - 2 * t)
}

export function setRgb(out: Float64Array, c: Rgb, scale = 1): void {
  out[0] = c[0] * scale
  out[1] = c[1] * scale
  out[2] = c[2] * scale
}

/** out = mix(out, c, t) */
export function blend(out: Float64Array, c: Rgb, t: number): void {
  if (t <= 0) return
  out[0] += (c[0] - out[0]) * t
  out[1] += (c[1] - out[1]) * t
  out[2] += (c[2] - out[2]) * t
}

export function scaleRgb(out: Float64Array, s: number): void {
  out[0] *= s
  out[1] *= s
  out[2] *= s
}

/** Texture description: per-part painters plus optional low-frequency fields. */
export interface TexturePainter {
  /** colour of the atlas outside every part's rectangle */
  background: Rgb
  /**
   * Smooth scalar fields of the surface position (large noise blobs, warps). They are
   * evaluated only every FIELD_STEP texels and interpolated into `Surface.f`, which keeps
   * painting fast; put only slowly varying things here.
   */
  fields?: ((p: Float64Array) => number)[]
  painterFor: (part: PartLayout) => Painter
}

/** Spacing in texels of the grid on which `TexturePainter.fields` are evaluated. */
export const FIELD_STEP = 4

/** Paints the texture of morph end `end`: every part's atlas rectangle, bleed included. */
export function paintTexture(mesh: BuiltMesh, end: 0 | 1, painter: TexturePainter): RgbaImage {
  const size = mesh.atlasSize
  const { background } = painter
  const fields = painter.fields ?? []
  const F = fields.length
  const data = new Uint8ClampedArray(size * size * 4)
  for (let i = 0; i < size * size; i++) {
    data[i * 4] = background[0]
    data[i * 4 + 1] = background[1]
    data[i * 4 + 2] = background[2]
    data[i * 4 + 3] = 255
  }
  const P = mesh.shapes[end].positions
  const Nm = mesh.shapes[end].normals
  const out = new Float64Array(3)
  for (const part of mesh.parts) {
    const paint = painter.painterFor(part)
    const { x: rx, y: ry, w: rw, h: rh } = part.rect
    const iw = rw - 2 * ATLAS_PAD, ih = rh - 2 * ATLAS_PAD
    const N = part.ring
    const box = boundingBox(P, part.vertexStart, part.vertexStart + part.vertexCount)
    const ext = [0, 1, 2].map((k) => Math.max(1e-9, box.max[k] - box.min[k]))
    const vA = part.rowV[part.firstRing], vB = part.rowV[part.lastRing]
    const s: Surface = {
      part, u: 0, v: 0, along: 0, cap: 0, radial: 1, p: new Float64Array(3), n: new Float64Array(3), q: new Float64Array(3),
      ext: Float64Array.from(ext), f: new Float64Array(F), px: 0, py: 0, iw, ih,
    }
    // per column: local u, ring segment and fraction within it
    const colUs = new Float64Array(rw), colJ = new Int32Array(rw), colF = new Float64Array(rw)
    for (let c = 0; c < rw; c++) {
      const u = clamp01((c + 0.5 - ATLAS_PAD) / iw)
      let j = 0
      while (j < N - 1 && part.colU[j + 1] <= u) j++
      colUs[c] = u
      colJ[c] = j
      colF[c] = clamp01((u - part.colU[j]) / (part.colU[j + 1] - part.colU[j]))
    }
    // per row: local v, the linked row pair whose v range holds it, and the fraction
    const rowVs = new Float64Array(rh), rowK = new Int32Array(rh), rowF = new Float64Array(rh)
    for (let r = 0; r < rh; r++) {
      const v = clamp01((r + 0.5 - ATLAS_PAD) / ih)
      let k = -1
      for (let m = 0; m + 1 < part.rowCount; m++) {
        if (!part.rowLink[m]) continue
        if (k < 0) k = m
        if (part.rowV[m] <= v && part.rowV[m + 1] > part.rowV[m]) k = m
      }
      const dv = part.rowV[k + 1] - part.rowV[k]
      rowVs[r] = v
      rowK[r] = k
      rowF[r] = dv > 0 ? clamp01((v - part.rowV[k]) / dv) : 0
    }
    /** bilinear position (and normal) of the texel at column c, row r of the rectangle */
    const locate = (c: number, r: number, normals: boolean) => {
      const k = rowK[r], fv = rowF[r], j = colJ[c], fu = colF[c]
      const i00 = (part.vertexStart + k * (N + 1) + j) * 3, i01 = i00 + 3
      const i10 = i00 + (N + 1) * 3, i11 = i10 + 3
      const w00 = (1 - fu) * (1 - fv), w01 = fu * (1 - fv), w10 = (1 - fu) * fv, w11 = fu * fv
      let nl = 0
      for (let d = 0; d < 3; d++) {
        s.p[d] = P[i00 + d] * w00 + P[i01 + d] * w01 + P[i10 + d] * w10 + P[i11 + d] * w11
        if (!normals) continue
        s.q[d] = (s.p[d] - box.min[d]) / ext[d]
        const nc = Nm[i00 + d] * w00 + Nm[i01 + d] * w01 + Nm[i10 + d] * w10 + Nm[i11 + d] * w11
        s.n[d] = nc
        nl += nc * nc
      }
      if (!normals) return
      nl = nl > 0 ? 1 / Math.sqrt(nl) : 0
      s.n[0] *= nl
      s.n[1] *= nl
      s.n[2] *= nl
    }
    // low-frequency fields on a coarse grid
    const gw = Math.ceil((rw - 1) / FIELD_STEP) + 1, gh = Math.ceil((rh - 1) / FIELD_STEP) + 1
    const grid = new Float64Array(gw * gh * F)
    if (F) {
      for (let gy = 0; gy < gh; gy++) {
        for (let gx = 0; gx < gw; gx++) {
          locate(Math.min(rw - 1, gx * FIELD_STEP), Math.min(rh - 1, gy * FIELD_STEP), false)
          for (let f = 0; f < F; f++) grid[(gy * gw + gx) * F + f] = fields[f](s.p)
        }
      }
    }
    for (let r = 0; r < rh; r++) {
      const v = rowVs[r]
      s.v = v
      s.cap = v < vA ? -1 : v > vB ? 1 : 0
      s.along = vB > vA ? clamp01((v - vA) / (vB - vA)) : 0
      s.radial = s.cap < 0 ? v / vA : s.cap > 0 ? (1 - v) / (1 - vB) : 1
      const gy = Math.min(gh - 2, Math.floor(r / FIELD_STEP))
      const ty = Math.min(1, (r - gy * FIELD_STEP) / Math.max(1, Math.min(rh - 1, (gy + 1) * FIELD_STEP) - gy * FIELD_STEP))
      for (let c = 0; c < rw; c++) {
        locate(c, r, true)
        if (F) {
          const gx = Math.min(gw - 2, Math.floor(c / FIELD_STEP))
          const tx = Math.min(1, (c - gx * FIELD_STEP) / Math.max(1, Math.min(rw - 1, (gx + 1) * FIELD_STEP) - gx * FIELD_STEP))
          const g00 = (gy * gw + gx) * F, g01 = g00 + F, g10 = g00 + gw * F, g11 = g10 + F
          for (let f = 0; f < F; f++) {
            const top = grid[g00 + f] + (grid[g01 + f] - grid[g00 + f]) * tx
            const bottom = grid[g10 + f] + (grid[g11 + f] - grid[g10 + f]) * tx
            s.f[f] = top + (bottom - top) * ty
          }
        }
        s.u = colUs[c]
        s.px = rx + c
        s.py = ry + r
        paint(s, out)
        const o = (s.py * size + s.px) * 4
        data[o] = out[0]
        data[o + 1] = out[1]
        data[o + 2] = out[2]
      }
    }
  }
  return { width: size, height: size, data }
}

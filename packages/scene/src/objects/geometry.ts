/** Small typed-array geometry helpers shared by the procedural objects and their tests. */
import type { MeshData } from './types'

export type Vec3 = readonly [number, number, number]

/**
 * Area-weighted smooth per-vertex normals from counter-clockwise triangles.
 * `weld[v]` (optional) names a representative vertex: vertices with the same representative
 * (UV seams, collapsed poles) share one normal, so seams do not show up as creases.
 * Degenerate or unused vertices get +y. The result is unit length and NaN-free.
 */
export function computeNormals(positions: Float32Array, indices: Uint32Array, weld?: Uint32Array): Float32Array {
  const n = positions.length / 3
  const acc = new Float64Array(n * 3)
  const rep = (v: number) => (weld ? weld[v] : v)
  for (let t = 0; t < indices.length; t += 3) {
    const ia = indices[t], ib = indices[t + 1], ic = indices[t + 2]
    const a = ia * 3, b = ib * 3, c = ic * 3
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2]
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2]
    // un-normalised cross product = 2 * area * unit normal: big faces weigh more
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx
    for (const v of [rep(ia), rep(ib), rep(ic)]) {
      acc[v * 3] += nx
      acc[v * 3 + 1] += ny
      acc[v * 3 + 2] += nz
    }
  }
  const out = new Float32Array(n * 3)
  for (let v = 0; v < n; v++) {
    const r = rep(v) * 3
    const x = acc[r], y = acc[r + 1], z = acc[r + 2]
    const len = Math.hypot(x, y, z)
    if (len > 1e-20 && Number.isFinite(len)) {
      out[v * 3] = x / len
      out[v * 3 + 1] = y / len
      out[v * 3 + 2] = z / len
    } else {
      out[v * 3 + 1] = 1
    }
  }
  return out
}

export interface Box3 {
  min: [number, number, number]
  max: [number, number, number]
}

export function boundingBox(positions: Float32Array, from = 0, to = positions.length / 3): Box3 {
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  for (let v = from; v < to; v++) {
    for (let k = 0; k < 3; k++) {
      const p = positions[v * 3 + k]
      if (p < min[k]) min[k] = p
      if (p > max[k]) max[k] = p
    }
  }
  return { min, max }
}

/**
 * Maps all position arrays in place with one joint transform: the centre of their joint
 * bounding box goes to the origin and the longest joint side becomes `size`. Morph ends must
 * share the transform, so both stand on the same ground plane and keep their relative size.
 */
export function normalizeJointly(positions: Float32Array[], size = 2): void {
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  for (const p of positions) {
    const b = boundingBox(p)
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], b.min[k])
      max[k] = Math.max(max[k], b.max[k])
    }
  }
  const scale = size / Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2])
  const c = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2]
  for (const p of positions) {
    for (let i = 0; i < p.length; i += 3) {
      p[i] = (p[i] - c[0]) * scale
      p[i + 1] = (p[i + 1] - c[1]) * scale
      p[i + 2] = (p[i + 2] - c[2]) * scale
    }
  }
}

/**
 * A mesh turned by `degrees` about the vertical axis through the origin (positive turns +x towards
 * −z), positions and normals alike: one end of a morph posed differently after its texture was
 * painted in its own frame.
 */
export function turnedAboutY(mesh: MeshData, degrees: number): MeshData {
  const angle = (degrees * Math.PI) / 180
  const cos = Math.cos(angle), sin = Math.sin(angle)
  const turn = (from: Float32Array) => {
    const to = new Float32Array(from.length)
    for (let i = 0; i < from.length; i += 3) {
      to[i] = from[i] * cos + from[i + 2] * sin
      to[i + 1] = from[i + 1]
      to[i + 2] = from[i + 2] * cos - from[i] * sin
    }
    return to
  }
  return { positions: turn(mesh.positions), normals: turn(mesh.normals) }
}

/** Signed volume enclosed by triangles [from, to) (in triangles); positive when they face outwards. */
export function signedVolume(positions: Float32Array, indices: Uint32Array, fromTri = 0, toTri = indices.length / 3): number {
  let vol = 0
  for (let t = fromTri; t < toTri; t++) {
    const a = indices[t * 3] * 3, b = indices[t * 3 + 1] * 3, c = indices[t * 3 + 2] * 3
    const ax = positions[a], ay = positions[a + 1], az = positions[a + 2]
    const bx = positions[b], by = positions[b + 1], bz = positions[b + 2]
    const cx = positions[c], cy = positions[c + 1], cz = positions[c + 2]
    vol += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)
  }
  return vol / 6
}

/**
 * Rasterises one 2D triangle (a, b, c, in cell units) on a size × size grid: calls
 * `visit(x, y, wa, wb, wc)` for every cell whose centre (x + 0.5, y + 0.5) lies inside or on an
 * edge, with the centre's barycentric weights. A triangle whose doubled area is 0, or below
 * `minArea` in magnitude, covers nothing.
 */
export function rasterizeTriangle(
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
  [cx, cy]: readonly [number, number],
  size: number,
  visit: (x: number, y: number, wa: number, wb: number, wc: number) => void,
  minArea = 0,
): void {
  const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
  if (area === 0 || Math.abs(area) < minArea) return
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx))), x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx, cx)))
  const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy))), y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by, cy)))
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5
      const wa = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area
      const wb = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area
      const wc = 1 - wa - wb
      if (wa >= 0 && wb >= 0 && wc >= 0) visit(x, y, wa, wb, wc)
    }
  }
}

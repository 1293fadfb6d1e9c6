import type { MeshData, RgbaImage } from '../objects/types'
import { runToEnd, type Steps } from './slices'

/**
 * One indexed triangle mesh as the format parsers return it, before normalisation.
 * UV convention (all loaders): image space, i.e. (0, 0) is the top-left pixel of the
 * RgbaImage (row 0), v grows downwards - the glTF convention. A DataTexture built from
 * an RgbaImage therefore needs `flipY = false` (three's default for DataTexture).
 */
export interface IndexedMesh extends MeshData {
  /** uv per vertex, image space (see above) */
  uvs: Float32Array
  /** three indices per triangle, counter-clockwise = front */
  indices: Uint32Array
}

export function vertexCount(mesh: MeshData): number {
  return mesh.positions.length / 3
}

/**
 * Area-weighted smooth normals. `groupOf[v]` lets vertices that share a position but not
 * a UV (texture seams) share one normal, so seams do not show up as creases.
 */
export function computeSmoothNormals(positions: Float32Array, indices: Uint32Array, groupOf?: ArrayLike<number>): Float32Array {
  return runToEnd(smoothNormalSteps(positions, indices, groupOf))
}

/** `computeSmoothNormals` as steps that yield every 64k triangles (see `runInSlices`). */
export function* smoothNormalSteps(positions: Float32Array, indices: Uint32Array, groupOf?: ArrayLike<number>): Steps<Float32Array> {
  const n = positions.length / 3
  const group = (v: number) => (groupOf ? groupOf[v] : v)
  let groups = n
  if (groupOf) for (let v = 0; v < n; v++) groups = Math.max(groups, groupOf[v] + 1)
  const acc = new Float64Array(groups * 3)
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2]
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2]
    // The un-normalised cross product is twice the area: big faces weigh more.
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx
    for (let k = 0; k < 3; k++) {
      const g = group(indices[t + k]) * 3
      acc[g] += nx; acc[g + 1] += ny; acc[g + 2] += nz
    }
    if (t % (3 << 16) === 0) yield
  }
  yield
  const normals = new Float32Array(n * 3)
  for (let v = 0; v < n; v++) {
    const g = group(v) * 3
    writeUnit(normals, v * 3, acc[g], acc[g + 1], acc[g + 2])
  }
  return normals
}

/** Writes a unit vector; zero-length input (unused or degenerate vertex) becomes +z. */
export function writeUnit(out: Float32Array, at: number, x: number, y: number, z: number): void {
  const len = Math.hypot(x, y, z)
  if (len > 0 && Number.isFinite(len)) {
    out[at] = x / len; out[at + 1] = y / len; out[at + 2] = z / len
  } else {
    out[at] = 0; out[at + 1] = 0; out[at + 2] = 1
  }
}

/**
 * Spherical projection around the bounding-box centre, for meshes without UVs, so a
 * user texture still wraps around the object (seam at the back, poles at +-y).
 */
export function sphericalUvs(positions: Float32Array, only?: (vertex: number) => boolean, out?: Float32Array): Float32Array {
  const n = positions.length / 3
  const uvs = out ?? new Float32Array(n * 2)
  const { min, max } = boundingBox(positions)
  const cx = (min[0] + max[0]) / 2, cy = (min[1] + max[1]) / 2, cz = (min[2] + max[2]) / 2
  for (let v = 0; v < n; v++) {
    if (only && !only(v)) continue
    const x = positions[v * 3] - cx, y = positions[v * 3 + 1] - cy, z = positions[v * 3 + 2] - cz
    const r = Math.hypot(x, y, z)
    uvs[v * 2] = r > 0 ? 0.5 + Math.atan2(x, z) / (2 * Math.PI) : 0.5
    // image space: +y (up) maps to the top row, v = 0
    uvs[v * 2 + 1] = r > 0 ? 0.5 - Math.asin(Math.max(-1, Math.min(1, y / r))) / Math.PI : 0.5
  }
  return uvs
}

export function boundingBox(positions: Float32Array): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const p = positions[i + k]
      if (p < min[k]) min[k] = p
      if (p > max[k]) max[k] = p
    }
  }
  return { min, max }
}

/** Index of the first NaN/Infinity in an array, or -1; guards data that came from a parser. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i
  return -1
}

/** The stand-in for a missing texture: a small solid image (light grey unless told otherwise). */
export function solidImage(rgba: [number, number, number, number] = [200, 200, 200, 255], side = 4): RgbaImage {
  const data = new Uint8ClampedArray(side * side * 4)
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i)
  return { width: side, height: side, data }
}

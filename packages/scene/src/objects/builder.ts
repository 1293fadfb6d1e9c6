/**
 * Builds a morphable mesh from a list of parts. Every part is a loft (see loft.ts) given
 * once per morph end with the same station and ring counts, so both ends share vertex
 * count, triangle indices and UVs by construction; only the positions differ. Each part
 * gets its own rectangle in a shared texture atlas.
 */
import { computeNormals, normalizeJointly } from './geometry'
import { stationRings, type LoftShape } from './loft'
import type { MeshData } from './types'

/** How a loft is closed at an end: 'pole' collapses the end station to a point, 'flat' adds a flat disc. */
export type Cap = 'pole' | 'flat'

/** A rectangle of the texture atlas in pixels, including ATLAS_PAD pixels of bleed on each side. */
export interface AtlasRect {
  x: number
  y: number
  w: number
  h: number
}

/** Bleed around each atlas rectangle, so mip-mapping and bilinear filtering do not mix parts. */
export const ATLAS_PAD = 2

/**
 * Vertex layout of one part: `rowCount` rows of `ring + 1` vertices (the last repeats the
 * first for the UV seam). Rows are the loft stations plus, for flat caps, a duplicated rim
 * and a centre row.
 */
export interface PartLayout {
  name: string
  ring: number
  rowCount: number
  /** local v in [0, 1] of each row, by arc length along the part */
  rowV: Float64Array
  /** local u in [0, 1] of each ring position, by arc length around the part */
  colU: Float64Array
  /** 1 where triangles join row k and row k + 1 */
  rowLink: Uint8Array
  /** 1 where all vertices of the row sit at one point */
  rowPole: Uint8Array
  /** rows of the first and last loft station */
  firstRing: number
  lastRing: number
  caps: readonly [Cap, Cap]
  vertexStart: number
  vertexCount: number
  triStart: number
  triCount: number
  rect: AtlasRect
}

export interface BuiltMesh {
  shapes: [MeshData, MeshData]
  uvs: Float32Array
  indices: Uint32Array
  parts: PartLayout[]
  atlasSize: number
}

interface Pending {
  layout: PartLayout
  rows: [Float64Array[], Float64Array[]]
}

export class MorphBuilder {
  private pending: Pending[] = []
  private vertexTotal = 0
  private tris: number[] = []
  private weld: number[] = []

  /**
   * Adds one part. `end0` and `end1` must have the same number of stations; `ring` is the
   * number of points around the cross-section.
   */
  loft(name: string, ring: number, caps: readonly [Cap, Cap], end0: LoftShape, end1: LoftShape): this {
    const S = end0.stations.length
    if (end1.stations.length !== S) throw new Error(`part ${name}: station counts differ (${S} vs ${end1.stations.length})`)
    if (S < 2 || ring < 3) throw new Error(`part ${name}: needs >= 2 stations and >= 3 ring points`)
    const N = ring
    const rowsFor = (shape: LoftShape): Float64Array[] => {
      const st = shape.stations.map((s) => ({ ...s }))
      if (caps[0] === 'pole') st[0] = { ...st[0], a: 0, b: 0 }
      if (caps[1] === 'pole') st[S - 1] = { ...st[S - 1], a: 0, b: 0 }
      const rings = stationRings({ ...shape, stations: st }, N)
      const centre = (c: readonly number[]) => {
        const row = new Float64Array((N + 1) * 3)
        for (let j = 0; j <= N; j++) row.set(c, j * 3)
        return row
      }
      const rows: Float64Array[] = []
      if (caps[0] === 'flat') rows.push(centre(st[0].c), rings[0].slice())
      rows.push(...rings)
      if (caps[1] === 'flat') rows.push(rings[S - 1].slice(), centre(st[S - 1].c))
      return rows
    }
    const rows: [Float64Array[], Float64Array[]] = [rowsFor(end0), rowsFor(end1)]
    const R = rows[0].length
    const link = new Uint8Array(R)
    const pole = new Uint8Array(R)
    const firstRing = caps[0] === 'flat' ? 2 : 0
    const lastRing = firstRing + S - 1
    for (let k = 0; k < R; k++) {
      const isCentre = (caps[0] === 'flat' && k === 0) || (caps[1] === 'flat' && k === R - 1)
      pole[k] = isCentre || (caps[0] === 'pole' && k === firstRing) || (caps[1] === 'pole' && k === lastRing) ? 1 : 0
      // no triangles between a rim and its duplicate (that is where the crease of a flat cap is)
      link[k] = k < R - 1 && !(caps[0] === 'flat' && k === 1) && !(caps[1] === 'flat' && k === lastRing) ? 1 : 0
    }
    const base = this.vertexTotal
    const triStart = this.tris.length / 3
    const vid = (k: number, j: number) => base + k * (N + 1) + j
    for (let k = 0; k + 1 < R; k++) {
      if (!link[k]) continue
      for (let j = 0; j < N; j++) {
        const A = vid(k, j), B = vid(k, j + 1), C = vid(k + 1, j + 1), D = vid(k + 1, j)
        if (!pole[k]) this.tris.push(A, B, C)
        if (!pole[k + 1]) this.tris.push(A, C, D)
      }
    }
    for (let k = 0; k < R; k++) {
      for (let j = 0; j <= N; j++) this.weld.push(pole[k] ? vid(k, 0) : vid(k, j === N ? 0 : j))
    }
    this.vertexTotal += R * (N + 1)
    this.pending.push({
      rows,
      layout: {
        name, ring: N, rowCount: R, rowV: new Float64Array(R), colU: new Float64Array(N + 1), rowLink: link, rowPole: pole, firstRing, lastRing, caps,
        vertexStart: base, vertexCount: R * (N + 1), triStart, triCount: this.tris.length / 3 - triStart,
        rect: { x: 0, y: 0, w: 0, h: 0 },
      },
    })
    return this
  }

  /** Normalises both ends jointly (longest side 2), lays out the atlas and computes normals. */
  build(atlasSize: number): BuiltMesh {
    const V = this.vertexTotal
    const pos: [Float32Array, Float32Array] = [new Float32Array(V * 3), new Float32Array(V * 3)]
    for (const { layout, rows } of this.pending) {
      for (let e = 0; e < 2; e++) {
        rows[e].forEach((row, k) => pos[e].set(row, (layout.vertexStart + k * (layout.ring + 1)) * 3))
      }
    }
    normalizeJointly(pos, 2)
    const sizes = this.pending.map(({ layout }) => measure(layout, pos))
    const rects = packAtlas(sizes, atlasSize)
    const uvs = new Float32Array(V * 2)
    this.pending.forEach(({ layout }, i) => {
      layout.rect = rects[i]
      const { x, y, w, h } = rects[i]
      const N = layout.ring
      for (let k = 0; k < layout.rowCount; k++) {
        for (let j = 0; j <= N; j++) {
          const jj = Math.min(j, N - 1)
          const lu = layout.rowPole[k] ? (layout.colU[jj] + layout.colU[jj + 1]) / 2 : layout.colU[j]
          const v = layout.vertexStart + k * (N + 1) + j
          uvs[v * 2] = (x + ATLAS_PAD + lu * (w - 2 * ATLAS_PAD)) / atlasSize
          // image space: v = 0 is the top row of the RgbaImage
          uvs[v * 2 + 1] = (y + ATLAS_PAD + layout.rowV[k] * (h - 2 * ATLAS_PAD)) / atlasSize
        }
      }
    })
    const indices = Uint32Array.from(this.tris)
    const weld = Uint32Array.from(this.weld)
    return {
      shapes: [
        { positions: pos[0], normals: computeNormals(pos[0], indices, weld) },
        { positions: pos[1], normals: computeNormals(pos[1], indices, weld) },
      ],
      uvs,
      indices,
      parts: this.pending.map((p) => p.layout),
      atlasSize,
    }
  }
}

/**
 * Fills `layout.rowV` (arc length along the part, averaged over both ends) and returns the
 * part's mean circumference and length, which size its atlas rectangle.
 */
function measure(layout: PartLayout, pos: Float32Array[]): { w: number; h: number } {
  const N = layout.ring
  const at = (_e: number, k: number, j: number) => (layout.vertexStart + k * (N + 1) + j) * 3
  const dist = (e: number, i: number, m: number) =>
    Math.hypot(pos[e][i] - pos[e][m], pos[e][i + 1] - pos[e][m + 1], pos[e][i + 2] - pos[e][m + 2])
  let total = 0
  layout.rowV[0] = 0
  for (let k = 0; k + 1 < layout.rowCount; k++) {
    let d = 0
    if (layout.rowLink[k]) {
      for (let e = 0; e < 2; e++) for (let j = 0; j < N; j++) d += dist(e, at(e, k, j), at(e, k + 1, j))
      d /= 2 * N
    }
    total += d
    layout.rowV[k + 1] = total
  }
  for (let k = 0; k < layout.rowCount; k++) {
    layout.rowV[k] = total > 0 ? layout.rowV[k] / total : k / (layout.rowCount - 1)
  }
  const col = new Float64Array(N)
  let rings = 0
  for (let k = 0; k < layout.rowCount; k++) {
    if (layout.rowPole[k]) continue
    for (let e = 0; e < 2; e++) for (let j = 0; j < N; j++) col[j] += dist(e, at(e, k, j), at(e, k, j + 1))
    rings += 2
  }
  let circ = 0
  // a minimum step keeps every ring segment a little texture, even where it has no extent
  const floor = col.reduce((x, y) => x + y, 0) / N / 20 + 1e-9
  for (let j = 0; j < N; j++) circ += col[j] = Math.max(col[j], floor)
  layout.colU[0] = 0
  for (let j = 0; j < N; j++) layout.colU[j + 1] = layout.colU[j] + col[j] / circ
  layout.colU[N] = 1
  return { w: rings ? circ / rings : 0, h: total }
}

/**
 * Packs one rectangle per part into a square atlas (skyline, bottom-left heuristic), with
 * pixel sizes proportional to the parts' circumference x length (uniform texel density),
 * scaled as large as fits.
 */
export function packAtlas(sizes: { w: number; h: number }[], atlasSize: number): AtlasRect[] {
  const minInner = 4
  const dims = (k: number) =>
    sizes.map((s) => ({
      w: Math.min(atlasSize, Math.max(minInner, Math.floor(s.w * k)) + 2 * ATLAS_PAD),
      h: Math.min(atlasSize, Math.max(minInner, Math.floor(s.h * k)) + 2 * ATLAS_PAD),
    }))
  const tryPack = (k: number): AtlasRect[] | null => {
    const d = dims(k)
    const idx = sizes.map((_, i) => i).sort((a, b) => d[b].h - d[a].h || d[b].w - d[a].w || a - b)
    // skyline as segments [x, width, height], left to right
    let sky: [number, number, number][] = [[0, atlasSize, 0]]
    const out: AtlasRect[] = new Array(sizes.length)
    for (const i of idx) {
      const { w, h } = d[i]
      let bestX = -1, bestY = Infinity
      for (let s0 = 0; s0 < sky.length; s0++) {
        const x = sky[s0][0]
        if (x + w > atlasSize) break
        let y = 0
        for (let s1 = s0; s1 < sky.length && sky[s1][0] < x + w; s1++) y = Math.max(y, sky[s1][2])
        if (y < bestY) {
          bestY = y
          bestX = x
        }
      }
      if (bestX < 0 || bestY + h > atlasSize) return null
      out[i] = { x: bestX, y: bestY, w, h }
      // raise the skyline under the new rectangle
      const next: [number, number, number][] = []
      for (const [x, sw, y] of sky) {
        const end = x + sw
        if (end <= bestX || x >= bestX + w) next.push([x, sw, y])
        else {
          if (x < bestX) next.push([x, bestX - x, y])
          if (end > bestX + w) next.push([bestX + w, end - bestX - w, y])
        }
      }
      next.push([bestX, w, bestY + h])
      next.sort((p, q) => p[0] - q[0])
      sky = []
      for (const seg of next) {
        const last = sky[sky.length - 1]
        if (last && last[2] === seg[2]) last[1] += seg[1]
        else sky.push(seg)
      }
    }
    return out
  }
  // the scale can at most fill the whole atlas area; search between a third of that and it
  const area = sizes.reduce((t, s) => t + s.w * s.h, 0)
  let hi = area > 0 ? atlasSize / Math.sqrt(area) : atlasSize
  let lo = hi / 3
  let best = tryPack(lo)
  while (!best && lo > 1e-6) {
    hi = lo
    lo /= 3
    best = tryPack(lo)
  }
  if (!best) throw new Error('atlas: too many parts for the atlas size')
  for (let it = 0; it < 14; it++) {
    const mid = (lo + hi) / 2
    const r = tryPack(mid)
    if (r) {
      lo = mid
      best = r
    } else hi = mid
  }
  return best
}

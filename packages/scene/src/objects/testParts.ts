/**
 * Queries on a built mesh's parts, shared by the object tests (not exported from the package):
 * a part's bounding box at either end, box containment, and the mean colour of a part's texels.
 */
import { ATLAS_PAD, type BuiltMesh, type PartLayout } from './builder'
import { boundingBox, type Box3 } from './geometry'
import type { RgbaImage } from './types'

export const size = (b: Box3, k: number) => b.max[k] - b.min[k]
export const inside = (a: Box3, b: Box3, eps = 1e-4) => [0, 1, 2].every((k) => a.min[k] >= b.min[k] - eps && a.max[k] <= b.max[k] + eps)

export function partQueries(mesh: BuiltMesh) {
  const part = (name: string): PartLayout => {
    const p = mesh.parts.find((q) => q.name === name)
    if (!p) throw new Error(`no part ${name}`)
    return p
  }
  const box = (name: string, end: 0 | 1): Box3 => {
    const p = part(name)
    return boundingBox(mesh.shapes[end].positions, p.vertexStart, p.vertexStart + p.vertexCount)
  }
  const whole = (end: 0 | 1): Box3 => boundingBox(mesh.shapes[end].positions)
  /**
   * Mean RGB over a part's inner texels whose local v (along the part, 0..1) lies in [v0, v1],
   * and the fraction of them for which `match(r, g, b)` holds.
   */
  const colour = (img: RgbaImage, name: string, match: (r: number, g: number, b: number) => boolean = () => true, v0 = 0, v1 = 1) => {
    const { x, y, w, h } = part(name).rect
    const sum = [0, 0, 0]
    let n = 0, hits = 0
    for (let py = y + ATLAS_PAD; py < y + h - ATLAS_PAD; py++) {
      const v = (py + 0.5 - y - ATLAS_PAD) / (h - 2 * ATLAS_PAD)
      if (v < v0 || v > v1) continue
      for (let px = x + ATLAS_PAD; px < x + w - ATLAS_PAD; px++) {
        const i = (py * img.width + px) * 4
        const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]]
        sum[0] += r
        sum[1] += g
        sum[2] += b
        if (match(r, g, b)) hits++
        n++
      }
    }
    return { mean: sum.map((s) => s / Math.max(1, n)) as [number, number, number], fraction: hits / Math.max(1, n) }
  }
  return { part, box, whole, colour }
}

import type { Datapath, LayerDivergence } from './types'

/** x·y / (‖x‖‖y‖); 1 when both are zero, 0 when only one is. */
export function cosineSimilarity(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`Cosine similarity of vectors of ${x.length} and ${y.length} values.`)
  let xy = 0
  let xx = 0
  let yy = 0
  for (let i = 0; i < x.length; i++) {
    xy += x[i] * y[i]
    xx += x[i] * x[i]
    yy += y[i] * y[i]
  }
  if (xx === 0 || yy === 0) return xx === yy ? 1 : 0
  return xy / Math.sqrt(xx * yy)
}

/** |A ∩ B| / |A ∪ B| of two sets of maps; 1 when both are empty. */
export function jaccardIndex(a: readonly number[], b: readonly number[]): number {
  const inB = new Set(b)
  const union = new Set([...a, ...b]).size
  return union === 0 ? 1 : new Set(a.filter((c) => inB.has(c))).size / union
}

/**
 * How two datapaths (clean vs attacked frames, unperturbed vs perturbed, one frame on Model 1 vs
 * Model 2) diverge, layer by layer: the cosine similarity of the layers' mean activations per map
 * (averaged over positions and frames, so sets of different sizes compare) and the Jaccard index
 * of the critical sets, with the maps both hold and those only one holds. Layers are matched by
 * name and must have the same number of maps; the others are left out. In `a`'s layer order.
 */
export function compareDatapaths(a: Datapath, b: Datapath): LayerDivergence[] {
  const other = new Map(b.layers.map((l) => [l.layer, l]))
  const out: LayerDivergence[] = []
  for (const la of a.layers) {
    const lb = other.get(la.layer)
    if (!lb || lb.channels !== la.channels) continue
    const inA = new Set(la.critical)
    const inB = new Set(lb.critical)
    out.push({
      layer: la.layer,
      cosine: cosineSimilarity(la.meanActivation, lb.meanActivation),
      jaccard: jaccardIndex(la.critical, lb.critical),
      shared: la.critical.filter((c) => inB.has(c)).sort((p, q) => p - q),
      onlyA: la.critical.filter((c) => !inB.has(c)).sort((p, q) => p - q),
      onlyB: lb.critical.filter((c) => !inA.has(c)).sort((p, q) => p - q),
    })
  }
  return out
}

import type { MeshData, MorphableObject } from '../objects/types'
import { SceneInputError } from './errors'
import { normalizeJointly, undoNormalization, type Normalization } from './normalize'

/** A loaded user object: a MorphableObject that remembers how it was normalised. */
export interface UserObject extends MorphableObject {
  /** maps the file's coordinates to the shapes' (shared by both shapes) */
  normalization: Normalization
}

interface Topology {
  positions: Float32Array
  indices: Uint32Array
}

/**
 * Both ends of a morph share one index buffer and UV layout, so they must have the same
 * vertex count and the same triangles (vertex i of one end moves to vertex i of the other).
 */
export function assertPairable(a: Topology, b: Topology, nameA: string, nameB: string): void {
  const na = a.positions.length / 3
  const nb = b.positions.length / 3
  const both = `${nameA} / ${nameB}`
  if (na !== nb) {
    throw new SceneInputError('vertex-count-mismatch', both, `${nameA} has ${na} vertices but ${nameB} has ${nb}; the two ends of a morph need the same vertex count`)
  }
  const same = a.indices.length === b.indices.length && a.indices.every((v, i) => v === b.indices[i])
  if (!same) {
    throw new SceneInputError(
      'vertex-count-mismatch',
      both,
      `${nameA} and ${nameB} both have ${na} vertices but different triangles (${a.indices.length / 3} vs ${b.indices.length / 3}); the two ends of a morph need the same mesh topology`,
    )
  }
}

function rawShape(o: MorphableObject): MeshData {
  const n = (o as Partial<UserObject>).normalization
  return n ? undoNormalization(o.shapes[0], n) : o.shapes[0]
}

/**
 * Morphs from `a` (its first shape, texture, UVs and triangles) to `b` (its first shape and
 * texture). Uploaded objects are first mapped back to file coordinates and then normalised
 * jointly, so relative sizes survive; objects without a `normalization` are taken as they are.
 */
export function createMorphPair(a: MorphableObject, b: MorphableObject): UserObject {
  const [nameA, nameB] = [a.labels[0], b.labels[0]]
  const raw = [rawShape(a), rawShape(b)]
  assertPairable({ ...raw[0], indices: a.indices }, { ...raw[1], indices: b.indices }, nameA, nameB)
  const { meshes, transform } = normalizeJointly(raw, `${nameA} / ${nameB}`)
  const alpha: [MorphableObject['textures'][0] | null, MorphableObject['textures'][0] | null] = [
    a.alphaTextures?.[0] ?? null,
    b.alphaTextures?.[0] ?? null,
  ]
  return {
    id: `${a.id}~${b.id}`,
    labels: [nameA, nameB],
    shapes: [meshes[0], meshes[1]],
    uvs: a.uvs,
    indices: a.indices,
    textures: [a.textures[0], b.textures[0]],
    ...(alpha[0] || alpha[1] ? { alphaTextures: alpha } : {}),
    normalization: transform,
  }
}

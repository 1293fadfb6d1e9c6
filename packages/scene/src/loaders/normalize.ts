import type { MeshData } from '../objects/types'
import { SceneInputError } from './errors'
import { boundingBox } from './meshUtils'

/** The longest side of a normalised object, matching the built-in objects and the fixed camera. */
export const NORMALIZED_SIZE = 2

/** normalised = (raw - center) * scale; uniform, so normals are unchanged. */
export interface Normalization {
  center: [number, number, number]
  scale: number
}

/**
 * One transform for several meshes: centre of their joint bounding box, longest joint side
 * scaled to 2. Morph pairs must share it; normalising each end on its own would e.g. blow a
 * small shape up to the size of a big one and distort the in-between frames.
 */
export function computeNormalization(meshes: readonly MeshData[], name = 'mesh'): Normalization {
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  for (const mesh of meshes) {
    const box = boundingBox(mesh.positions)
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], box.min[k])
      max[k] = Math.max(max[k], box.max[k])
    }
  }
  const longest = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2])
  if (!(longest > 0) || !Number.isFinite(longest)) {
    throw new SceneInputError('invalid-geometry', name, 'the mesh has no extent (all vertices are at one point)')
  }
  return {
    center: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2],
    scale: NORMALIZED_SIZE / longest,
  }
}

/** A copy of `mesh` (other fields shared) with positions mapped by `t`. */
export function applyNormalization<T extends MeshData>(mesh: T, t: Normalization): T {
  const positions = new Float32Array(mesh.positions.length)
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) positions[i + k] = (mesh.positions[i + k] - t.center[k]) * t.scale
  }
  return { ...mesh, positions }
}

/** The inverse of `applyNormalization`: back to the coordinates of the file. */
export function undoNormalization<T extends MeshData>(mesh: T, t: Normalization): T {
  const positions = new Float32Array(mesh.positions.length)
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) positions[i + k] = mesh.positions[i + k] / t.scale + t.center[k]
  }
  return { ...mesh, positions }
}

/** Normalises all meshes with one joint transform and returns it, so it can be undone later. */
export function normalizeJointly<T extends MeshData>(meshes: readonly T[], name?: string): { meshes: T[]; transform: Normalization } {
  const transform = computeNormalization(meshes, name)
  return { meshes: meshes.map((m) => applyNormalization(m, transform)), transform }
}

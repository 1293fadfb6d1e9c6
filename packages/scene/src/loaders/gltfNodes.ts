import { Matrix4, Quaternion, Vector3 } from 'three'
import { BYTE, FLOAT, INTEGERS, SHORT, expectAccessor, readFloats } from './gltfAccessors'
import { own, type AccessorInfo, type GltfDocument, type Json } from './gltfContainer'
import type { Steps } from './slices'

/** Deeper node hierarchies are refused (real files stay far below). */
export const MAX_GLTF_NODE_DEPTH = 1024

/** A mesh placed in the scene: its world matrix and, with EXT_mesh_gpu_instancing, its instances. */
export interface Placement {
  mesh: number
  matrix: Matrix4
  instancing: { owner: string; count: number; translation?: AccessorInfo; rotation?: AccessorInfo; scale?: AccessorInfo } | null
}

/**
 * The meshes of the default scene with their world matrices, in scene order (each node's own
 * mesh, then its children). The node graph is checked first: each node has at most one parent,
 * no node is its own ancestor, and none is nested deeper than MAX_GLTF_NODE_DEPTH.
 */
export function placeMeshes(doc: GltfDocument): Placement[] {
  const nodes = doc.list('nodes')
  const children = nodes.map((node, i) => doc.refs(`node ${i}`, 'children', own(node, 'children'), 'nodes'))
  const parent = new Int32Array(nodes.length).fill(-1)
  children.forEach((list, i) => {
    for (const c of list) {
      if (c === i) throw doc.fail(`node ${i} is its own ancestor; the node hierarchy must be a tree`)
      if (parent[c] === i) throw doc.fail(`node ${i} lists node ${c} as a child twice`)
      if (parent[c] >= 0) throw doc.fail(`node ${c} is a child of both node ${parent[c]} and node ${i}; a node can have only one parent`)
      parent[c] = i
    }
  })
  const depth = new Int32Array(nodes.length).fill(-1) // -1: not seen, -2: on the current walk up
  for (let i = 0; i < nodes.length; i++) {
    const path: number[] = []
    let j = i
    while (j >= 0 && depth[j] === -1) {
      depth[j] = -2
      path.push(j)
      j = parent[j]
    }
    if (j >= 0 && depth[j] === -2) throw doc.fail(`node ${j} is its own ancestor; the node hierarchy must be a tree`)
    let d = j < 0 ? 0 : depth[j] + 1
    for (let k = path.length - 1; k >= 0; k--, d++) {
      if (d > MAX_GLTF_NODE_DEPTH) throw doc.fail(`node ${path[k]} is nested ${d} levels deep; the limit is ${MAX_GLTF_NODE_DEPTH}`)
      depth[path[k]] = d
    }
  }

  const scenes = doc.list('scenes')
  let roots: number[]
  if (scenes.length > 0) {
    const sceneField = own(doc.json, 'scene')
    const s = sceneField === undefined ? 0 : doc.ref('the file', 'scene', sceneField, 'scenes')
    roots = doc.refs(`scene ${s}`, 'nodes', own(scenes[s], 'nodes'), 'nodes')
    const seen = new Set<number>()
    for (const r of roots) {
      if (seen.has(r)) throw doc.fail(`scene ${s} lists node ${r} twice`)
      if (parent[r] >= 0) throw doc.fail(`scene ${s} lists node ${r} as a root, but it is a child of node ${parent[r]}`)
      seen.add(r)
    }
  } else {
    roots = nodes.map((_, i) => i).filter((i) => parent[i] < 0)
  }

  const placements: Placement[] = []
  const stack: { node: number; world: Matrix4 }[] = roots.map((node) => ({ node, world: new Matrix4() })).reverse()
  while (stack.length > 0) {
    const { node, world: parentWorld } = stack.pop()!
    const def = nodes[node]
    const owner = `node ${node}`
    const world = parentWorld.clone().multiply(localMatrix(doc, def, owner))
    const meshField = own(def, 'mesh')
    if (meshField !== undefined) {
      const mesh = doc.ref(owner, 'mesh', meshField, 'meshes')
      placements.push({ mesh, matrix: world, instancing: instancing(doc, def, owner) })
    }
    for (let k = children[node].length - 1; k >= 0; k--) stack.push({ node: children[node][k], world })
  }
  return placements
}

function localMatrix(doc: GltfDocument, node: Json, owner: string): Matrix4 {
  const matrix = own(node, 'matrix')
  if (matrix !== undefined) {
    const m = doc.numbers(owner, 'matrix', matrix, 16)
    if (m[3] !== 0 || m[7] !== 0 || m[11] !== 0 || m[15] !== 1) throw doc.fail(`${owner}: matrix is not an affine transform (its last row should be 0, 0, 0, 1)`)
    return new Matrix4().fromArray(m) // both column-major
  }
  const t = doc.numbers(owner, 'translation', own(node, 'translation'), 3, [0, 0, 0])
  const r = doc.numbers(owner, 'rotation', own(node, 'rotation'), 4, [0, 0, 0, 1])
  const s = doc.numbers(owner, 'scale', own(node, 'scale'), 3, [1, 1, 1])
  return new Matrix4().compose(new Vector3(...t), new Quaternion(...r), new Vector3(...s))
}

/** EXT_mesh_gpu_instancing: per-instance TRS accessors of equal count, checked. */
function instancing(doc: GltfDocument, node: Json, owner: string): Placement['instancing'] {
  const extensions = doc.object(owner, 'extensions', own(node, 'extensions'))
  const ext = extensions && doc.object(owner, 'EXT_mesh_gpu_instancing', own(extensions, 'EXT_mesh_gpu_instancing'))
  const attributes = ext && doc.object(owner, 'EXT_mesh_gpu_instancing attributes', own(ext, 'attributes'))
  if (!attributes) return null
  const where = `the instances of ${owner}`
  const get = (key: string, types: string[], components: number[]) => {
    const value = own(attributes, key)
    if (value === undefined) return undefined
    return expectAccessor(doc, doc.accessor(doc.ref(where, key, value, 'accessors')), `${key} of ${where}`, types, components)
  }
  const translation = get('TRANSLATION', ['VEC3'], [FLOAT, ...INTEGERS])
  const rotation = get('ROTATION', ['VEC4'], [FLOAT, BYTE, SHORT])
  const scale = get('SCALE', ['VEC3'], [FLOAT, ...INTEGERS])
  const given = [translation, rotation, scale].filter((a): a is AccessorInfo => a !== undefined)
  if (given.length === 0) return null
  if (given.some((a) => a.count !== given[0].count)) throw doc.fail(`the instance accessors of ${owner} (${given.map((a) => `accessor ${a.index}`).join(', ')}) have different counts`)
  return { owner: where, count: given[0].count, translation, rotation, scale }
}

export function* instanceMatrices(doc: GltfDocument, placement: Placement): Steps<Matrix4[]> {
  const { owner, count, translation, rotation, scale } = placement.instancing!
  const t = translation && (yield* readFloats(translation))
  const r = rotation && (yield* readFloats(rotation))
  const s = scale && (yield* readFloats(scale))
  const matrices: Matrix4[] = []
  for (let i = 0; i < count; i++) {
    const m = new Matrix4().compose(
      t ? new Vector3().fromArray(t, i * 3) : new Vector3(),
      r ? new Quaternion().fromArray(r, i * 4) : new Quaternion(),
      s ? new Vector3().fromArray(s, i * 3) : new Vector3(1, 1, 1),
    )
    matrices.push(m.premultiply(placement.matrix))
  }
  return matrices
}

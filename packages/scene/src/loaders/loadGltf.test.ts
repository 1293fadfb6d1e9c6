import { describe, expect, test } from 'vitest'
import type { LoadLimits } from './limits'
import { parseGltf } from './loadGltf'
import { loadUserObject } from './loadUserObject'
import { boxGltf, gltfBytes, rejection, type GltfParts } from './testFixtures'

const parse = (parts: GltfParts, as: 'gltf' | 'glb' = 'glb', limits?: Partial<LoadLimits>) =>
  parseGltf(gltfBytes(parts, as).buffer, { name: `box.${as}`, limits })

/** The box with one change to its JSON. */
function edited(change: (json: Record<string, any>, parts: GltfParts) => void): GltfParts {
  const parts = boxGltf()
  change(parts.json, parts)
  return parts
}

async function message(parts: GltfParts, as: 'gltf' | 'glb' = 'glb', limits?: Parameters<typeof parse>[2]): Promise<string> {
  return (await rejection(parse(parts, as, limits))).message
}

describe('parseGltf: valid files', () => {
  test.each(['gltf', 'glb'] as const)('the box as .%s: node transforms applied, 8 vertices, 12 triangles, base colour', async (as) => {
    const mesh = await parse(boxGltf(), as)
    expect(mesh.positions.length / 3).toBe(8)
    expect(mesh.indices.length / 3).toBe(12)
    // node 0 translates by 10, node 1 scales by 2: x spans 10..12
    expect(Array.from(mesh.positions.slice(0, 6))).toEqual([10, 0, 0, 12, 0, 0])
    expect(Math.max(...mesh.indices)).toBe(7)
    expect(Array.from(mesh.uvs.slice(0, 4))).toEqual([0, 0, 1, 0])
    expect(Math.hypot(...mesh.normals.slice(0, 3))).toBeCloseTo(1, 6)
    expect(Array.from(mesh.texture!.data.slice(0, 4))).toEqual([255, 0, 0, 255])
  })

  test('a triangle strip and a fan become lists, a mirroring scale keeps faces outward', async () => {
    const strip = await parse(edited((j) => Object.assign(j.meshes[0].primitives[0], { mode: 5 })))
    expect(strip.indices.length / 3).toBe(34)
    expect(Array.from(strip.indices.slice(0, 6))).toEqual([0, 2, 3, 0, 3, 2]) // odd triangles turn round
    const fan = await parse(edited((j) => Object.assign(j.meshes[0].primitives[0], { mode: 6 })))
    expect(Array.from(fan.indices.slice(0, 6))).toEqual([0, 2, 3, 0, 3, 0])
    const mirrored = await parse(edited((j) => (j.nodes[1].scale = [-2, 2, 2])))
    expect(Array.from(mirrored.indices.slice(0, 3))).toEqual([0, 3, 2])
  })
})

describe('parseGltf: indices and accessors are checked, messages name the accessor', () => {
  test('an index beyond the vertex count (the OBJ loader refuses this too)', async () => {
    const parts = boxGltf()
    new Uint16Array(parts.bin.buffer, 256, 36)[35] = 8
    expect(await message(parts)).toBe('box.glb: accessor 3 (the indices of mesh 0 primitive 0) refers to vertex 8, but the primitive has only 8 vertices (0 to 7)')
  })

  test('an accessor reaching past its bufferView', async () => {
    expect(await message(edited((j) => (j.accessors[0].count = 9)))).toBe(
      'box.glb: accessor 0 needs 108 bytes of bufferView 0 (byteOffset 0 + 9 elements of 12 bytes), but it has 96',
    )
    expect(await message(edited((j) => (j.accessors[2].byteOffset = 4)))).toBe(
      'box.glb: accessor 2 needs 68 bytes of bufferView 2 (byteOffset 4 + 8 elements of 8 bytes), but it has 64',
    )
  })

  test('a bufferView reaching past its buffer, and a buffer shorter than it says', async () => {
    expect(await message(edited((j) => (j.bufferViews[3].byteLength = 200)))).toBe('box.glb: bufferView 3 ends at byte 456, but buffer 0 has 328 bytes')
    expect(await message(edited((j) => (j.buffers[0].byteLength = 400)))).toBe('box.glb: buffer 0 says it has 400 bytes, but its data has 328')
  })

  test('component types, types, counts, strides and normalized flags', async () => {
    expect(await message(edited((j) => (j.accessors[1].componentType = 5124)))).toBe('box.glb: accessor 1: componentType is 5124, which is not a glTF component type')
    expect(await message(edited((j) => (j.accessors[1].type = 'VEC5')))).toBe('box.glb: accessor 1: type is "VEC5", which is not a glTF accessor type')
    expect(await message(edited((j) => (j.accessors[1].count = 0)))).toBe('box.glb: accessor 1: count is 0; it should be a whole number of at least 1')
    expect(await message(edited((j) => (j.accessors[0].normalized = true)))).toBe('box.glb: accessor 0 is normalized, but only 8- and 16-bit integer components can be')
    expect(await message(edited((j) => (j.accessors[0].normalized = 'yes')))).toBe('box.glb: accessor 0: normalized is "yes"; it should be true or false')
    expect(await message(edited((j) => (j.bufferViews[0].byteStride = 6)))).toBe('box.glb: bufferView 0: byteStride 6 should be a multiple of 4 from 4 to 252')
    expect(await message(edited((j) => (j.bufferViews[0].byteStride = 8)))).toBe('box.glb: accessor 0 has 12-byte elements, but bufferView 0 has byteStride 8')
    expect(await message(edited((j) => (j.accessors[2].type = 'VEC3')))).toBe(
      'box.glb: accessor 2 needs 96 bytes of bufferView 2 (byteOffset 0 + 8 elements of 12 bytes), but it has 64',
    )
    expect(await message(edited((j) => (j.accessors[1].count = 7)))).toBe('box.glb: accessor 1 (NORMAL of mesh 0 primitive 0) has 7 elements, but POSITION (accessor 0) has 8')
    expect(await message(edited((j) => (j.accessors[3].componentType = 5122)))).toBe(
      'box.glb: accessor 3 (the indices of mesh 0 primitive 0) has SHORT components; it should have UNSIGNED_BYTE or UNSIGNED_SHORT or UNSIGNED_INT',
    )
    expect(await message(edited((j) => (j.accessors[0].sparse = { count: 1 })))).toBe(
      'box.glb: accessor 0 (POSITION of mesh 0 primitive 0) is sparse, which is not supported; export the file without sparse accessors',
    )
  })
})

describe('parseGltf: structure is validated before use (no internal errors)', () => {
  test('a node cycle is named, not a stack overflow', async () => {
    expect(await message(edited((j) => (j.nodes[1].children = [0])))).toBe('box.glb: node 0 is its own ancestor; the node hierarchy must be a tree')
    expect(await message(edited((j) => (j.nodes[1].children = [1])))).toBe('box.glb: node 1 is its own ancestor; the node hierarchy must be a tree')
    expect(await message(edited((j) => j.nodes.push({ children: [1] })))).toBe('box.glb: node 1 is a child of both node 0 and node 2; a node can have only one parent')
  })

  test('a node hierarchy deeper than the limit is refused by name', async () => {
    const deep = edited((j) => {
      for (let i = 2; i < 1100; i++) j.nodes.push({ children: [i + 1] })
      j.nodes.push({})
      j.nodes[1].children = [2]
    })
    expect(await message(deep)).toBe('box.glb: node 1025 is nested 1025 levels deep; the limit is 1024')
  })

  test('fields of the wrong type', async () => {
    expect(await message(edited((j) => (j.buffers[0].uri = 5)))).toBe('box.glb: buffer 0: uri is 5; it should be a text')
    expect(await message(edited((j) => (j.nodes[1].mesh = 'box')))).toBe('box.glb: node 1: mesh is "box"; it should be the number of a mesh')
    expect(await message(edited((j) => (j.nodes[1].mesh = 3)))).toBe('box.glb: node 1: mesh refers to mesh 3, but the file has only 1')
    expect(await message(edited((j) => (j.nodes[0].translation = [1, 2])))).toBe('box.glb: node 0: translation is a list; it should be a list of 3 finite numbers')
    expect(await message(edited((j) => (j.accessors = { 0: {} })))).toBe('box.glb: "accessors" is an object; it should be a list')
    expect(await message(edited((j) => (j.meshes[0].primitives[0].mode = 9)))).toBe('box.glb: mesh 0 primitive 0: mode 9 is not a glTF primitive mode (0 to 6)')
  })
})

describe('the triangle budget', () => {
  test('is checked before any data is read, counting every placement of a mesh', async () => {
    const e = await rejection(parse(boxGltf(), 'glb', { maxTriangles: 11 }))
    expect(e.code).toBe('too-many-triangles')
    expect(e.message).toBe('box.glb: the scene has 12 triangles; the limit is 11')
    const twice = edited((j) => {
      j.nodes.push({ mesh: 0 })
      j.scenes[0].nodes.push(2)
    })
    expect(await message(twice, 'glb', { maxTriangles: 20 })).toBe('box.glb: the scene has 24 triangles; the limit is 20')
    await expect(parse(twice, 'glb', { maxTriangles: 24 })).resolves.toBeTruthy()
  })

  test('loadUserObject applies it to glTF uploads', async () => {
    const file = new File([gltfBytes(boxGltf(), 'glb')], 'box.glb')
    expect((await rejection(loadUserObject({ mesh: file }, { limits: { maxTriangles: 10 } }))).message).toBe('box.glb: the scene has 12 triangles; the limit is 10')
  })
})

import { describe, expect, test } from 'vitest'
import { createMorphPair, loadUserObject, type NamedBlob } from './loadUserObject'
import { boundingBox } from './meshUtils'
import { boxObj, rejection } from './testFixtures'

const file = (text: string | Uint8Array<ArrayBuffer>, name: string) => new File([text], name)

function extent(positions: Float32Array) {
  const { min, max } = boundingBox(positions)
  return { min, max, size: [0, 1, 2].map((k) => max[k] - min[k]) }
}

/** A box whose corners are listed in a different order: same vertex count, other triangles. */
const shuffledBox = () => boxObj(1, 1, 1, [0, 0, 0]).replace('f 1 3 4 2', 'f 3 4 2 1')

describe('loadUserObject with an OBJ', () => {
  test('a box is centred with its longest side 2, both shapes the same, grey texture', async () => {
    const obj = await loadUserObject({ mesh: file(boxObj(4, 2, 1, [10, 20, 30]), 'crate.obj') })
    expect(obj.id).toBe('user:crate')
    expect(obj.labels).toEqual(['crate', 'crate'])
    expect(obj.shapes[0].positions.length / 3).toBe(8)
    expect(obj.indices.length / 3).toBe(12)
    const { min, max, size } = extent(obj.shapes[0].positions)
    expect(size[0]).toBeCloseTo(2, 6)
    expect(size[1]).toBeCloseTo(1, 6) // proportions kept
    expect(size[2]).toBeCloseTo(0.5, 6)
    for (let k = 0; k < 3; k++) expect(min[k] + max[k]).toBeCloseTo(0, 6)
    expect(obj.shapes[1].positions).toEqual(obj.shapes[0].positions)
    expect(obj.normalization).toEqual({ center: [12, 21, 30.5], scale: 0.5 })
    const [r, g, b, a] = obj.textures[0].data
    expect([r, g, b, a]).toEqual([200, 200, 200, 255])
    expect(obj.alphaTextures).toBeUndefined()
  })

  test('a morph pair is normalised jointly: the smaller box stays smaller', async () => {
    const obj = await loadUserObject({
      mesh: file(boxObj(1, 1, 1, [0, 0, 0]), 'small.obj'),
      morphTarget: file(boxObj(4, 4, 4, [0, 0, 0]), 'big.obj'),
    })
    expect(obj.id).toBe('user:small-big')
    expect(obj.labels).toEqual(['small', 'big'])
    expect(extent(obj.shapes[1].positions).size[0]).toBeCloseTo(2, 6)
    expect(extent(obj.shapes[0].positions).size[0]).toBeCloseTo(0.5, 6)
    // same vertex i in both ends: vertex 0 is the (0,0,0) corner of each box
    expect(Array.from(obj.shapes[0].positions.slice(0, 3))).toEqual([-1, -1, -1])
    expect(Array.from(obj.shapes[1].positions.slice(0, 3))).toEqual([-1, -1, -1])
  })

  test('createMorphPair re-normalises two separately loaded objects jointly', async () => {
    const small = await loadUserObject({ mesh: file(boxObj(1, 1, 1, [0, 0, 0]), 'small.obj') })
    const big = await loadUserObject({ mesh: file(boxObj(3, 3, 3, [5, 0, 0]), 'big.obj') })
    expect(extent(small.shapes[0].positions).size[0]).toBeCloseTo(2, 6) // alone, each fills the frame
    const pair = createMorphPair(small, big)
    expect(pair.labels).toEqual(['small', 'big'])
    expect(extent(pair.shapes[0].positions).size[0]).toBeCloseTo(0.25, 5) // joint box spans x 0..8
    expect(extent(pair.shapes[1].positions).size[0]).toBeCloseTo(0.75, 5)
    expect(pair.indices).toBe(small.indices)
  })

  test('mismatched vertex counts name both files and both counts', async () => {
    const e = await rejection(
      loadUserObject({ mesh: file(boxObj(), 'chair.obj'), morphTarget: file('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n', 'tri.obj') }),
    )
    expect(e.code).toBe('vertex-count-mismatch')
    expect(e.message).toBe('chair.obj has 8 vertices but tri.obj has 3; the two ends of a morph need the same vertex count')
    expect(e.fileName).toBe('chair.obj / tri.obj')
  })

  test('same vertex count but different triangles is not a morph pair either', async () => {
    const e = await rejection(loadUserObject({ mesh: file(boxObj(1, 1, 1, [0, 0, 0]), 'a.obj'), morphTarget: file(shuffledBox(), 'b.obj') }))
    expect(e.code).toBe('vertex-count-mismatch')
    expect(e.message).toContain('different triangles')
  })

  test('createMorphPair checks vertex counts too', async () => {
    const box = await loadUserObject({ mesh: file(boxObj(), 'box.obj') })
    const tri = await loadUserObject({ mesh: file('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n', 'tri.obj') })
    expect(() => createMorphPair(box, tri)).toThrow(/box has 8 vertices but tri has 3/)
  })
})

describe('loadUserObject rejects bad uploads', () => {
  test('too large: refused from Blob.size without reading a byte', async () => {
    const reads: string[] = []
    const huge = {
      name: 'model.glb',
      size: 612 * 1024 * 1024,
      type: '',
      slice: () => (reads.push('slice'), new Blob()),
      arrayBuffer: () => (reads.push('arrayBuffer'), Promise.resolve(new ArrayBuffer(0))),
      text: () => (reads.push('text'), Promise.resolve('')),
      stream: () => (reads.push('stream'), new Blob().stream()),
    } as unknown as NamedBlob
    const e = await rejection(loadUserObject({ mesh: huge }))
    expect(e.code).toBe('too-large')
    expect(e.message).toBe('model.glb is 612 MB; the limit is 64 MB')
    expect(reads).toEqual([])
  })

  test('a small byte limit applies to every file, textures included', async () => {
    const e = await rejection(loadUserObject({ mesh: file(boxObj(), 'box.obj'), diffuse: file(new Uint8Array(2048), 'wood.png') }, { limits: { maxFileBytes: 1024 } }))
    expect(e.code).toBe('too-large')
    expect(e.message).toBe('wood.png is 2 KB; the limit is 1 KB')
  })

  test('empty file', async () => {
    const e = await rejection(loadUserObject({ mesh: file('', 'empty.obj') }))
    expect(e.code).toBe('empty')
    expect(e.message).toBe('empty.obj: the file is empty')
  })

  test('binary garbage named .obj', async () => {
    const bytes = new Uint8Array(4096)
    let seed = 12345
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    const e = await rejection(loadUserObject({ mesh: file(bytes, 'noise.obj') }))
    expect(e.code).toBe('parse')
    expect(e.message).toMatch(/^noise\.obj: this is a binary file/)
  })

  test('too many vertices with a small limit', async () => {
    const e = await rejection(loadUserObject({ mesh: file(boxObj(), 'box.obj') }, { limits: { maxVertices: 4 } }))
    expect(e.code).toBe('too-many-vertices')
  })

  test('unknown extension, fake GLB, and a glTF pointing at external files', async () => {
    expect((await rejection(loadUserObject({ mesh: file('solid x', 'part.stl') }))).code).toBe('unsupported-format')
    const fake = await rejection(loadUserObject({ mesh: file('v 0 0 0', 'model.glb') }))
    expect(fake.code).toBe('parse')
    expect(fake.message).toContain("GLB signature 'glTF'")
    const external = JSON.stringify({ asset: { version: '2.0' }, buffers: [{ uri: 'scene.bin', byteLength: 12 }], meshes: [] })
    const e = await rejection(loadUserObject({ mesh: file(external, 'scene.gltf') }))
    expect(e.code).toBe('unsupported-format')
    expect(e.message).toContain("'scene.bin' is a separate file")
  })

  test('invalid glTF JSON', async () => {
    const e = await rejection(loadUserObject({ mesh: file('{"asset": {"version": "2.0"', 'broken.gltf') }))
    expect(e.code).toBe('parse')
    expect(e.message).toMatch(/^broken\.gltf: the glTF JSON is invalid/)
  })
})

describe('text encodings', () => {
  const utf16 = (text: string, littleEndian: boolean, bom = true) => {
    const out = new Uint8Array((bom ? 2 : 0) + text.length * 2)
    const view = new DataView(out.buffer)
    if (bom) view.setUint16(0, 0xfeff, littleEndian)
    for (let i = 0; i < text.length; i++) view.setUint16((bom ? 2 : 0) + i * 2, text.charCodeAt(i), littleEndian)
    return out
  }

  test.each([true, false])('a UTF-16 OBJ with a byte-order mark loads like its UTF-8 twin (little-endian: %s)', async (le) => {
    const twin = await loadUserObject({ mesh: file(boxObj(), 'box.obj') })
    const obj = await loadUserObject({ mesh: file(utf16(boxObj(), le), 'box.obj') })
    expect(obj.shapes[0].positions).toEqual(twin.shapes[0].positions)
    expect(obj.indices).toEqual(twin.indices)
  })

  test('UTF-32, and UTF-16 without a byte-order mark, are named as such (not "a binary file")', async () => {
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, ...Array.from(boxObj(), (c) => [c.charCodeAt(0), 0, 0, 0]).flat()])
    const e = await rejection(loadUserObject({ mesh: file(utf32, 'box.obj') }))
    expect(e.code).toBe('unsupported-format')
    expect(e.message).toBe('box.obj is UTF-32 text; save it as UTF-8')
    expect((await rejection(loadUserObject({ mesh: file(utf16(boxObj(), true, false), 'box.obj') }))).message).toBe(
      'box.obj looks like UTF-16LE text without a byte-order mark; save it as UTF-8',
    )
  })
})

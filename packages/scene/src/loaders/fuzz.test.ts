import { expect, test } from 'vitest'
import { fuzz, int, mutateBytes, mutateJson, mutateText, pickOne, type FuzzReport, type Random } from '../../../../tests/support/fuzz'
import { SceneContent } from '../core/SceneContent'
import { uploadImage, uploadObject } from '../core/uploads'
import { createSceneStore, getSnapshot } from '../store/sceneStore'
import { decodeImage } from './decodeImage'
import { SceneInputError } from './errors'
import { readImageHeader } from './imageHeader'
import { parseGltf } from './loadGltf'
import { parseObj } from './loadObj'
import { loadUserObject, type NamedBlob, type UserObjectFiles } from './loadUserObject'
import { boxGltf, boxObj, gltfBytes, jpegHeaderBytes, pngBytes } from './testFixtures'

/**
 * Seeded mutation fuzzing of every scene loader: valid OBJ files (with materials, UVs, normals,
 * continuations, relative indices; alone, with a PNG texture, or as a morph pair), glTF JSON and
 * its binary buffer, whole GLB files (with and without an embedded PNG) and image headers (PNG,
 * JPEG) are damaged by the shared helpers (`mutateText`, `mutateJson`, `mutateBytes`) and loaded.
 *
 * Every case must end, within a time limit, in a loaded object or a `SceneInputError` whose
 * message is meant for a person: no TypeError, RangeError, stack overflow or other internal
 * message, as the error or as its cause. Uploads that fail leave the store's snapshot and the
 * session's content exactly as they were. Decoding real pixels needs a browser: in jsdom images
 * stop after their header checks (tests/browser/scene-fuzz.browser.test.ts decodes them).
 * A failure names its seed and case index: `fuzz` reproduces it.
 */

const SEED = 20260412
const SLOW_MS = 2000
const LIMITS = { maxVertices: 5000, maxTriangles: 10_000, maxTextureSide: 256, maxFileBytes: 4 * 1024 * 1024 }

const INTERNAL = /TypeError|RangeError|ReferenceError|Maximum call stack|is not iterable|is not a function|is not a constructor|Cannot read propert|Cannot set propert|Cannot convert|undefined is not|null is not|\[object Object\]|Invalid array length|out of memory/i

/**
 * A SceneInputError with a message for people is typed; anything else, or one caused by a
 * programming error, is internal. Quoted parts of a message are the user's own text (a value
 * such as "[object Object]" written in the file) and are not searched.
 */
function isTyped(e: unknown): boolean {
  if (!(e instanceof SceneInputError) || INTERNAL.test(e.message.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""'))) return false
  const cause = e.cause
  return !(cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError)
}

function expectClean(report: FuzzReport, what: string) {
  console.log(`[fuzz ${what}] ${JSON.stringify(report.counts)}`)
  expect(report.problems, `${what}: internal errors or slow cases`).toEqual([])
  expect(report.counts.internal + report.counts.slow).toBe(0)
  expect(report.counts.typed, `${what}: some cases must be refused`).toBeGreaterThan(0)
  expect(report.counts.ok, `${what}: some cases must still load`).toBeGreaterThan(0)
}

/** Applies 1 to `max` mutations. */
function repeat<T>(value: T, random: Random, max: number, mutate: (v: T, r: Random) => T): T {
  for (let i = 0, n = 1 + int(random, max - 1); i < n; i++) value = mutate(value, random)
  return value
}

/** JSON.stringify without recursion: mutateJson nests arrays 20 000 deep, deeper than V8's own stringify goes. */
function stringify(root: unknown): string {
  type Item = { text: string } | { value: unknown }
  const out: string[] = []
  const stack: Item[] = [{ value: root }]
  while (stack.length > 0) {
    const item = stack.pop()!
    if ('text' in item) {
      out.push(item.text)
      continue
    }
    const value = item.value
    if (typeof value !== 'object' || value === null) {
      out.push(JSON.stringify(value) ?? 'null')
      continue
    }
    const isArray = Array.isArray(value)
    const keys = Object.keys(value)
    const items: Item[] = [{ text: isArray ? '[' : '{' }]
    keys.forEach((key, i) => items.push({ text: `${i > 0 ? ',' : ''}${isArray ? '' : `${JSON.stringify(key)}:`}` }, { value: (value as Record<string, unknown>)[key] }))
    items.push({ text: isArray ? ']' : '}' })
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i])
  }
  return out.join('')
}

const file = (bytes: Uint8Array | string, name: string): NamedBlob => new File([bytes as BlobPart], name)
const encode = (text: string) => new TextEncoder().encode(text)

// Valid inputs to start from.
const OBJS = [
  boxObj(),
  boxObj(1, 2, 3, [0, 0, 0], true),
  [
    '# a textured quad with materials',
    'mtllib quad.mtl',
    'o quad',
    'v 0 0 0',
    'v 1 0 0',
    'v 1 1 \\',
    '  0',
    'v 0 1 0',
    'vt 0 0',
    'vt 1 0',
    'vt 1 1',
    'vt 0 1',
    'vn 0 0 1',
    'usemtl wood',
    's 1',
    'f 1/1/1 2/2/1 3/3/1 4/4/1',
    'f -4/-4/-1 -2/-2/-1 -1/-1/-1',
    '',
  ].join('\r\n'),
]
const PNG = pngBytes(4, 4, Array.from({ length: 64 }, (_, i) => (i * 37) & 255))
const JPEG = jpegHeaderBytes(64, 48, 300)
const GLTF_JSON = JSON.parse(new TextDecoder().decode(gltfBytes(boxGltf(), 'gltf')))
const BOX = boxGltf()
const GLBS = [gltfBytes(boxGltf(), 'glb'), gltfBytes(boxGltf(PNG), 'glb')]

test('OBJ text: mutated lines', { timeout: 60_000 }, async () => {
  const report = await fuzz(
    { cases: 3000, seed: SEED, slowMs: SLOW_MS },
    (random) => repeat(pickOne(random, OBJS), random, 3, mutateText),
    (text) => parseObj(text, { name: 'fuzz.obj', limits: LIMITS }),
    isTyped,
  )
  expectClean(report, 'obj text')
})

test('OBJ uploads (bytes, with a PNG texture or a morph target): a refused upload changes nothing', { timeout: 60_000 }, async () => {
  const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
  const content = new SceneContent()
  const report = await fuzz(
    { cases: 1500, seed: SEED + 1, slowMs: SLOW_MS },
    (random, index): UserObjectFiles => {
      const obj = encode(pickOne(random, OBJS))
      const mesh = file(random() < 0.8 ? mutateBytes(obj, random) : obj, `m${index}.obj`)
      const kind = int(random, 2)
      if (kind === 1) return { mesh, diffuse: file(random() < 0.5 ? mutateBytes(PNG, random) : PNG, 'wood.png') }
      if (kind === 2) return { mesh, morphTarget: file(mutateBytes(obj, random), 'target.obj') }
      return { mesh }
    },
    async (files) => {
      const before = { snapshot: getSnapshot(store), objects: [...content.userObjects.keys()] }
      if (await uploadObject(store, content, files, { limits: LIMITS })) return
      // refused: the same error as loading the files directly, and nothing changed
      const after = { snapshot: getSnapshot(store), objects: [...content.userObjects.keys()] }
      if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error('a refused upload changed the store or the content')
      await loadUserObject(files, { limits: LIMITS })
      throw new Error(`uploadObject refused what loadUserObject accepts: ${store.getState().loadError}`)
    },
    isTyped,
  )
  expectClean(report, 'obj uploads')
})

test('glTF JSON: mutated structure (hostile values, deleted and prototype keys, repetition, deep nesting)', { timeout: 60_000 }, async () => {
  const report = await fuzz(
    { cases: 3000, seed: SEED + 2, slowMs: SLOW_MS },
    (random) => encode(stringify(mutateJson(GLTF_JSON, random))),
    (bytes) => parseGltf(bytes.buffer as ArrayBuffer, { name: 'fuzz.gltf', limits: LIMITS }),
    isTyped,
  )
  expectClean(report, 'gltf json')
})

test('glTF binary buffer and whole GLB files: mutated bytes', { timeout: 60_000 }, async () => {
  const report = await fuzz(
    { cases: 3000, seed: SEED + 3, slowMs: SLOW_MS },
    (random) => (random() < 0.4 ? gltfBytes({ json: BOX.json, bin: mutateBytes(BOX.bin, random) }, 'glb') : repeat(pickOne(random, GLBS), random, 2, mutateBytes)),
    (bytes) => loadUserObject({ mesh: file(bytes, 'fuzz.glb') }, { limits: LIMITS }),
    isTyped,
  )
  expectClean(report, 'glb')
})

test('image headers (PNG, JPEG): readImageHeader never throws, decodeImage refuses with a typed error', { timeout: 60_000 }, async () => {
  const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
  const content = new SceneContent()
  const report = await fuzz(
    { cases: 2000, seed: SEED + 4, slowMs: SLOW_MS },
    (random) => repeat(pickOne(random, [PNG, JPEG]), random, 3, mutateBytes),
    async (bytes) => {
      const header = readImageHeader(bytes) // sync, total: a header or null, never an exception
      if (header && !['png', 'jpeg', 'webp'].includes(header.format)) throw new Error(`bad header ${JSON.stringify(header)}`)
      const before = getSnapshot(store)
      if (!(await uploadImage(store, content, file(bytes, 'fuzz.png') as File, 'background'))) {
        if (getSnapshot(store) !== before && JSON.stringify(getSnapshot(store)) !== JSON.stringify(before)) throw new Error('a refused image changed the store')
        if (content.images.size > 0) throw new Error('a refused image was kept')
      }
      await decodeImage(file(bytes, 'fuzz.png'), { limits: LIMITS })
    },
    isTyped,
  )
  console.log(`[fuzz images] ${JSON.stringify(report.counts)}`)
  // jsdom cannot decode pixels: every case ends in a typed error (the browser test decodes)
  expect(report.problems).toEqual([])
  expect(report.counts.typed).toBe(2000)
})

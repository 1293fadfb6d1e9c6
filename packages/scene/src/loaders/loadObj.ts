import { SceneInputError, formatBytes, type SceneInputErrorCode } from './errors'
import { resolveLimits, type LoadLimits } from './limits'
import { runInSlices, runToEnd, type Steps } from './slices'
import { smoothNormalSteps, sphericalUvs, writeUnit, type IndexedMesh } from './meshUtils'

export interface ObjParseOptions {
  /** file name used in error messages */
  name?: string
  /** the limits (`maxFileBytes` applies to the text's length, `maxVertices`, `maxTriangles`) */
  limits?: Partial<LoadLimits>
  /** overrides `limits.maxVertices` */
  maxVertices?: number
}

/** Statements we recognise but do not need (materials, groups, smoothing, free-form). */
const IGNORED = new Set(
  'o g s mg usemtl mtllib maplib usemap lod vp cstype deg bmat step curv curv2 surf parm trim hole scrv sp end con c_interp d_interp trace_obj shadow_obj bevel call csh ctech stech'.split(' '),
)
const KIND_NAMES = ['vertex', 'texture coordinate', 'normal'] as const
const KIND_PLURALS = ['vertices', 'texture coordinates', 'normals'] as const
/** raw lines between two yields of the parser (a slice checks the clock only then) */
const LINES_PER_STEP = 2048
const BINARY = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/

/**
 * Parses a Wavefront OBJ into one indexed triangle mesh (raw coordinates, not normalised).
 *
 * Hand-written rather than three's OBJLoader because OBJLoader accepts garbage silently
 * (out-of-range indices become NaN) and has no line numbers for errors, and because an
 * output vertex here is one distinct (v, vt, vn) triple of the file: two OBJs exported from
 * the same base mesh get identical vertex order and indices, which is what morphing needs
 * (merging by value would fuse vertices that happen to coincide in only one of the shapes).
 * Linear in the text's length; `parseObjAsync` is the same parse in slices that yield to the
 * event loop.
 */
export function parseObj(text: string, opts: ObjParseOptions = {}): IndexedMesh {
  return runToEnd(objSteps(text, opts))
}

/** `parseObj` in slices of a few milliseconds, so a big file does not freeze the page. */
export function parseObjAsync(text: string, opts: ObjParseOptions = {}): Promise<IndexedMesh> {
  return runInSlices(objSteps(text, opts))
}

function* objSteps(text: string, opts: ObjParseOptions): Steps<IndexedMesh> {
  const name = opts.name ?? 'model.obj'
  const limits = resolveLimits({ ...opts.limits, ...(opts.maxVertices !== undefined ? { maxVertices: opts.maxVertices } : {}) })
  const { maxVertices, maxTriangles } = limits
  const fail = (code: SceneInputErrorCode, line: number, detail: string) =>
    new SceneInputError(code, name, line > 0 ? `line ${line}: ${detail}` : detail)

  if (text.length > limits.maxFileBytes) throw fail('too-large', 0, `the text is longer than the limit of ${formatBytes(limits.maxFileBytes)}`)
  if (!/\S/.test(text)) throw fail('empty', 0, 'the file is empty')
  for (let at = 0; at < text.length; at += 1 << 20) {
    const binary = BINARY.exec(text.slice(at, at + (1 << 20)))
    if (binary) {
      const offset = at + binary.index
      let line = 1
      for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
      const byte = binary[0].charCodeAt(0).toString(16).padStart(2, '0')
      throw fail('parse', 0, `this is a binary file, not a text OBJ (byte 0x${byte} on line ${line})`)
    }
    yield
  }

  // Attribute pools from v / vt / vn lines, and the distinct (v, vt, vn) triples used by faces.
  const pools: number[][] = [[], [], []]
  const counts = [0, 0, 0]
  const corner: number[][] = [[], [], []]
  const vertexOf = new Map<string, number>()
  const indices: number[] = []
  let triangles = 0
  let linesAndPoints = 0
  let firstUnknown: { line: number; word: string } | null = null

  const number = (token: string | undefined, line: number, what: string): number => {
    if (token === undefined) throw fail('parse', line, `${what} is missing`)
    const x = Number(token)
    // fround: a coordinate that overflows float32 would turn into Infinity on the GPU
    if (!Number.isFinite(Math.fround(x))) throw fail('invalid-geometry', line, `${what} '${token}' is not a finite number`)
    return x
  }
  const index = (token: string, kind: 0 | 1 | 2, line: number): number => {
    if (!/^[+-]?\d+$/.test(token)) throw fail('parse', line, `face refers to ${KIND_NAMES[kind]} '${token}', which is not an integer`)
    const i = Number(token)
    const count = counts[kind]
    const resolved = i > 0 ? i - 1 : count + i // negative = relative to the last one defined so far
    if (i === 0) throw fail('invalid-geometry', line, `face refers to ${KIND_NAMES[kind]} 0, but OBJ indices start at 1`)
    if (resolved < 0 || resolved >= count) {
      const defined = count === 0 ? `no ${KIND_PLURALS[kind]} are` : count === 1 ? `only 1 ${KIND_NAMES[kind]} is` : `only ${count} ${KIND_PLURALS[kind]} are`
      throw fail('invalid-geometry', line, `face refers to ${KIND_NAMES[kind]} ${i} but ${defined} defined`)
    }
    return resolved
  }

  // Lines are found one at a time (never the whole text split at once). A statement continued
  // with '\\' over many lines is joined in batches: appending each line to one growing string
  // (and asking it endsWith) re-copied the statement per line, and one join of a huge list is
  // slow too (the list outlives the young generation).
  const newline = /\r\n?|\n/g
  let pos = 0
  let rawLines = 0
  let start = 0
  let end = 0
  const nextRawLine = () => {
    newline.lastIndex = pos
    const match = newline.exec(text)
    start = pos
    end = match ? match.index : text.length
    pos = match ? end + match[0].length : text.length + 1
    rawLines++
  }
  const continued = () => end > start && text.charCodeAt(end - 1) === 0x5c && pos <= text.length
  while (pos <= text.length) {
    if (rawLines % LINES_PER_STEP === 0) yield
    const lineNo = rawLines + 1
    nextRawLine()
    let line: string
    if (continued()) {
      const batches: string[] = []
      let batch: string[] = []
      while (continued()) {
        batch.push(text.slice(start, end - 1))
        if (batch.length === LINES_PER_STEP) {
          batches.push(batch.join(' '))
          batch = []
          yield
        }
        nextRawLine()
      }
      batch.push(text.slice(start, end))
      batches.push(batch.join(' '))
      line = batches.join(' ')
    } else {
      line = text.slice(start, end)
    }
    const hash = line.indexOf('#')
    if (hash >= 0) line = line.slice(0, hash)
    const tokens = line.trim().split(/\s+/)
    const word = tokens[0]
    if (word === '') continue

    if (triangles > maxTriangles) {
      // over the budget: only count what the rest of the file asks for, for the message
      if (word === 'f' && tokens.length >= 4) triangles += tokens.length - 3
      continue
    }
    if (word === 'v' || word === 'vt' || word === 'vn') {
      const kind = word === 'v' ? 0 : word === 'vt' ? 1 : 2
      const axes = kind === 1 ? ['u', 'v'] : ['x', 'y', 'z']
      for (let k = 0; k < axes.length; k++) {
        // 'vt u' alone is legal: v defaults to 0
        const token = kind === 1 && k === 1 && tokens[2] === undefined ? '0' : tokens[k + 1]
        pools[kind].push(number(token, lineNo, `${KIND_NAMES[kind]} ${axes[k]}`))
      }
      if (++counts[kind] > maxVertices) {
        const what = KIND_PLURALS[kind]
        throw fail('too-many-vertices', lineNo, `more than ${maxVertices} ${what} are defined; the limit is ${maxVertices}`)
      }
    } else if (word === 'f') {
      if (tokens.length < 4) throw fail('invalid-geometry', lineNo, `face has ${tokens.length - 1} corner(s); a face needs at least 3`)
      triangles += tokens.length - 3
      if (triangles > maxTriangles) continue
      const face: number[] = []
      for (let c = 1; c < tokens.length; c++) {
        const [vs, ts, ns] = tokens[c].split('/')
        const p = index(vs, 0, lineNo)
        const t = ts ? index(ts, 1, lineNo) : -1
        const n = ns ? index(ns, 2, lineNo) : -1
        const key = `${p}/${t}/${n}`
        let v = vertexOf.get(key)
        if (v === undefined) {
          v = vertexOf.size
          if (v >= maxVertices) {
            throw fail('too-many-vertices', lineNo, `the mesh has more than ${maxVertices} vertices; the limit is ${maxVertices}`)
          }
          vertexOf.set(key, v)
          corner[0].push(p); corner[1].push(t); corner[2].push(n)
        }
        face.push(v)
      }
      // Fan triangulation, as OBJLoader does: exact for the convex polygons exporters write.
      for (let c = 1; c + 1 < face.length; c++) indices.push(face[0], face[c], face[c + 1])
    } else if (word === 'l' || word === 'p') {
      linesAndPoints++
    } else if (!IGNORED.has(word) && firstUnknown === null) {
      firstUnknown = { line: lineNo, word }
    }
  }

  if (triangles > maxTriangles) {
    throw fail('too-many-triangles', 0, `the mesh has ${triangles} triangles; the limit is ${maxTriangles}`)
  }
  if (indices.length === 0) {
    if (counts[0] === 0 && firstUnknown) {
      const shown = firstUnknown.word.length > 20 ? firstUnknown.word.slice(0, 20) + '...' : firstUnknown.word
      throw fail('parse', 0, `this does not look like an OBJ file (line ${firstUnknown.line} starts with '${shown}')`)
    }
    if (counts[0] === 0) throw fail('no-geometry', 0, 'the file defines no vertices and no faces')
    const extra = linesAndPoints > 0 ? '; it only has lines/points, which cannot be shown as a surface' : ''
    throw fail('no-geometry', 0, `the file has ${counts[0]} vertices but no faces ('f' lines)${extra}`)
  }
  yield
  return yield* buildMesh(pools, corner, indices)
}

function* buildMesh(pools: number[][], corner: number[][], indexList: number[]): Steps<IndexedMesh> {
  const n = corner[0].length
  const positions = new Float32Array(n * 3)
  for (let v = 0; v < n; v++) for (let k = 0; k < 3; k++) positions[v * 3 + k] = pools[0][corner[0][v] * 3 + k]
  const indices = Uint32Array.from(indexList)
  yield

  // OBJ puts v = 0 at the bottom of the image; our convention is image space (v = 0 on top).
  const uvs = new Float32Array(n * 2)
  for (let v = 0; v < n; v++) {
    const t = corner[1][v]
    if (t >= 0) { uvs[v * 2] = pools[1][t * 2]; uvs[v * 2 + 1] = 1 - pools[1][t * 2 + 1] }
  }
  const missingUv = (v: number) => corner[1][v] < 0
  if (corner[1].some((t) => t < 0)) sphericalUvs(positions, missingUv, uvs)
  yield

  // Smooth normals grouped by OBJ position index, so UV seams stay smooth; file normals win.
  const normals = yield* smoothNormalSteps(positions, indices, corner[0])
  for (let v = 0; v < n; v++) {
    const m = corner[2][v]
    if (m < 0) continue
    const [x, y, z] = [pools[2][m * 3], pools[2][m * 3 + 1], pools[2][m * 3 + 2]]
    if (x !== 0 || y !== 0 || z !== 0) writeUnit(normals, v * 3, x, y, z)
  }
  return { positions, normals, uvs, indices }
}

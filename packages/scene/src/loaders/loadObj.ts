import { SceneInputError, type SceneInputErrorCode } from './errors'
import { DEFAULT_LIMITS } from './limits'
import { computeSmoothNormals, sphericalUvs, writeUnit, type IndexedMesh } from './meshUtils'

export interface ObjParseOptions {
  /** file name used in error messages */
  name?: string
  maxVertices?: number
}

/** Statements we recognise but do not need (materials, groups, smoothing, free-form). */
const IGNORED = new Set(
  'o g s mg usemtl mtllib maplib usemap lod vp cstype deg bmat step curv curv2 surf parm trim hole scrv sp end con c_interp d_interp trace_obj shadow_obj bevel call csh ctech stech'.split(' '),
)
const KIND_NAMES = ['vertex', 'texture coordinate', 'normal'] as const
const KIND_PLURALS = ['vertices', 'texture coordinates', 'normals'] as const

/**
 * Parses a Wavefront OBJ into one indexed triangle mesh (raw coordinates, not normalised).
 *
 * Hand-written rather than three's OBJLoader because OBJLoader accepts garbage silently
 * (out-of-range indices become NaN) and has no line numbers for errors, and because an
 * output vertex here is one distinct (v, vt, vn) triple of the file: two OBJs exported from
 * the same base mesh get identical vertex order and indices, which is what morphing needs
 * (merging by value would fuse vertices that happen to coincide in only one of the shapes).
 */
export function parseObj(text: string, opts: ObjParseOptions = {}): IndexedMesh {
  const name = opts.name ?? 'model.obj'
  const maxVertices = opts.maxVertices ?? DEFAULT_LIMITS.maxVertices
  const fail = (code: SceneInputErrorCode, line: number, detail: string) =>
    new SceneInputError(code, name, line > 0 ? `line ${line}: ${detail}` : detail)

  if (text.trim() === '') throw fail('empty', 0, 'the file is empty')
  const binary = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/.exec(text)
  if (binary) {
    const line = text.slice(0, binary.index).split('\n').length
    const byte = binary[0].charCodeAt(0).toString(16).padStart(2, '0')
    throw fail('parse', 0, `this is a binary file, not a text OBJ (byte 0x${byte} on line ${line})`)
  }

  // Attribute pools from v / vt / vn lines, and the distinct (v, vt, vn) triples used by faces.
  const pools: number[][] = [[], [], []]
  const counts = [0, 0, 0]
  const corner: number[][] = [[], [], []]
  const vertexOf = new Map<string, number>()
  const indices: number[] = []
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

  const rawLines = text.split(/\r\n|\n|\r/)
  for (let l = 0; l < rawLines.length; l++) {
    const lineNo = l + 1
    let line = rawLines[l]
    while (line.endsWith('\\') && l + 1 < rawLines.length) line = line.slice(0, -1) + ' ' + rawLines[++l]
    const hash = line.indexOf('#')
    if (hash >= 0) line = line.slice(0, hash)
    const tokens = line.trim().split(/\s+/)
    const word = tokens[0]
    if (word === '') continue

    if (word === 'v' || word === 'vt' || word === 'vn') {
      const kind = word === 'v' ? 0 : word === 'vt' ? 1 : 2
      const axes = kind === 1 ? ['u', 'v'] : ['x', 'y', 'z']
      for (let k = 0; k < axes.length; k++) {
        // 'vt u' alone is legal: v defaults to 0
        const token = kind === 1 && k === 1 && tokens[2] === undefined ? '0' : tokens[k + 1]
        pools[kind].push(number(token, lineNo, `${KIND_NAMES[kind]} ${axes[k]}`))
      }
      if (++counts[kind] > maxVertices && kind === 0) {
        throw fail('too-many-vertices', lineNo, `more than ${maxVertices} vertices are defined; the limit is ${maxVertices}`)
      }
    } else if (word === 'f') {
      if (tokens.length < 4) throw fail('invalid-geometry', lineNo, `face has ${tokens.length - 1} corner(s); a face needs at least 3`)
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

  if (indices.length === 0) {
    if (counts[0] === 0 && firstUnknown) {
      const shown = firstUnknown.word.length > 20 ? firstUnknown.word.slice(0, 20) + '...' : firstUnknown.word
      throw fail('parse', 0, `this does not look like an OBJ file (line ${firstUnknown.line} starts with '${shown}')`)
    }
    if (counts[0] === 0) throw fail('no-geometry', 0, 'the file defines no vertices and no faces')
    const extra = linesAndPoints > 0 ? '; it only has lines/points, which cannot be shown as a surface' : ''
    throw fail('no-geometry', 0, `the file has ${counts[0]} vertices but no faces ('f' lines)${extra}`)
  }
  return buildMesh(pools, corner, indices)
}

function buildMesh(pools: number[][], corner: number[][], indexList: number[]): IndexedMesh {
  const n = corner[0].length
  const positions = new Float32Array(n * 3)
  for (let v = 0; v < n; v++) for (let k = 0; k < 3; k++) positions[v * 3 + k] = pools[0][corner[0][v] * 3 + k]
  const indices = Uint32Array.from(indexList)

  // OBJ puts v = 0 at the bottom of the image; our convention is image space (v = 0 on top).
  const uvs = new Float32Array(n * 2)
  for (let v = 0; v < n; v++) {
    const t = corner[1][v]
    if (t >= 0) { uvs[v * 2] = pools[1][t * 2]; uvs[v * 2 + 1] = 1 - pools[1][t * 2 + 1] }
  }
  const missingUv = (v: number) => corner[1][v] < 0
  if (corner[1].some((t) => t < 0)) sphericalUvs(positions, missingUv, uvs)

  // Smooth normals grouped by OBJ position index, so UV seams stay smooth; file normals win.
  const normals = computeSmoothNormals(positions, indices, corner[0])
  for (let v = 0; v < n; v++) {
    const m = corner[2][v]
    if (m < 0) continue
    const [x, y, z] = [pools[2][m * 3], pools[2][m * 3 + 1], pools[2][m * 3 + 2]]
    if (x !== 0 || y !== 0 || z !== 0) writeUnit(normals, v * 3, x, y, z)
  }
  return { positions, normals, uvs, indices }
}

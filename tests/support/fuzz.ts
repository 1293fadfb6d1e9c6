import { mulberry32 } from '@perturber/perturbations/authoring'

/**
 * Seeded mutation fuzzing for everything a user hands the toolkit (model.json, meshes, images,
 * links): start from valid inputs, apply a few random mutations, run the real loader, and sort
 * each outcome into success, a typed error (the loader's own error class, with a message meant
 * for the user), an internal error (anything else: a TypeError, "Maximum call stack size
 * exceeded", …) or a case that took too long. The same seed gives the same cases, so a failure
 * is reproduced by its seed and index.
 */

export type Random = () => number

export const seededRandom = (seed: number): Random => mulberry32(seed)

export const int = (random: Random, max: number) => Math.floor(random() * (max + 1))
export const pickOne = <T>(random: Random, items: readonly T[]): T => items[Math.min(items.length - 1, Math.floor(random() * items.length))]

/** Byte-level damage: flipped bits, random bytes, truncation, a repeated or zeroed range, junk inserted. */
export function mutateBytes(bytes: Uint8Array, random: Random): Uint8Array {
  const out = bytes.slice()
  const at = () => int(random, Math.max(0, out.length - 1))
  switch (int(random, 5)) {
    case 0:
      for (let i = 0, n = 1 + int(random, 8); i < n && out.length; i++) out[at()] ^= 1 << int(random, 7)
      return out
    case 1:
      for (let i = 0, n = 1 + int(random, 8); i < n && out.length; i++) out[at()] = int(random, 255)
      return out
    case 2:
      return out.slice(0, at())
    case 3: {
      const start = at()
      const end = Math.min(out.length, start + 1 + int(random, 64))
      const copies = 1 + int(random, 16)
      const range = out.slice(start, end)
      const grown = new Uint8Array(out.length + range.length * copies)
      grown.set(out.subarray(0, end))
      for (let c = 0; c < copies; c++) grown.set(range, end + c * range.length)
      grown.set(out.subarray(end), end + copies * range.length)
      return grown
    }
    case 4: {
      const start = at()
      out.fill(0, start, Math.min(out.length, start + 1 + int(random, 64)))
      return out
    }
    default: {
      const junk = Uint8Array.from({ length: 1 + int(random, 32) }, () => int(random, 255))
      const start = at()
      const grown = new Uint8Array(out.length + junk.length)
      grown.set(out.subarray(0, start))
      grown.set(junk, start)
      grown.set(out.subarray(start), start + junk.length)
      return grown
    }
  }
}

/** Values a hostile or careless author writes where a loader expects something else. */
export const hostileValues: readonly unknown[] = [
  null,
  true,
  'false',
  '',
  '1e400',
  'javascript:alert(1)',
  'x'.repeat(5000),
  0,
  -1,
  -0,
  1e39,
  -1e39,
  1e300,
  2 ** 31,
  2 ** 53 + 1,
  0.5,
  [],
  [1, 2],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
]

/** A value as text, even one an earlier mutation gave an own `toString` that is not a function. */
function textOf(value: unknown): string {
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** A deeply nested value (arrays in arrays), as a malicious JSON file might hold. */
export const deeplyNested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth))

/**
 * One structural mutation of a JSON value: a value replaced by a hostile one, a key deleted or
 * renamed to `__proto__`/`constructor`, an array element repeated many times, a subtree nested
 * deeply. Returns a new value; the input is left as it was.
 */
export function mutateJson(value: unknown, random: Random): unknown {
  const root = structuredClone(value)
  const paths: (string | number)[][] = []
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path)
    if (paths.length > 5000) return
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]))
    else if (node && typeof node === 'object') for (const key of Object.keys(node)) walk((node as Record<string, unknown>)[key], [...path, key])
  }
  walk(root, [])
  const path = pickOne(random, paths)
  if (path.length === 0) return pickOne(random, hostileValues)
  const parent = path.slice(0, -1).reduce((node: any, key) => node[key], root) as any
  const key = path[path.length - 1]
  switch (int(random, 4)) {
    case 0:
      parent[key] = structuredClone(pickOne(random, hostileValues))
      break
    case 1:
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key]
      break
    case 2:
      if (Array.isArray(parent)) parent.splice(key as number, 0, ...Array.from({ length: 1 + int(random, 200) }, () => structuredClone(parent[key as number])))
      else Object.defineProperty(parent, pickOne(random, ['__proto__', 'constructor', 'toString', 'hasOwnProperty']), { value: parent[key], enumerable: true, configurable: true, writable: true })
      break
    case 3:
      parent[key] = deeplyNested(100 + int(random, 20000))
      break
    default:
      parent[key] = typeof parent[key] === 'number' ? parent[key] * pickOne(random, [-1, 0, 1e30, 1e-30, 3]) : textOf(parent[key])
  }
  return root
}

/** Line-level damage to a text format (OBJ, MTL): lines dropped, repeated, swapped, junk tokens, huge numbers, continuations. */
export function mutateText(text: string, random: Random): string {
  const lines = text.split('\n')
  const at = () => int(random, Math.max(0, lines.length - 1))
  switch (int(random, 5)) {
    case 0:
      lines.splice(at(), 1 + int(random, 4))
      break
    case 1: {
      const i = at()
      lines.splice(i, 0, ...Array.from({ length: 1 + int(random, 500) }, () => lines[i] ?? ''))
      break
    }
    case 2: {
      const [i, j] = [at(), at()]
      ;[lines[i], lines[j]] = [lines[j], lines[i]]
      break
    }
    case 3: {
      const i = at()
      const tokens = (lines[i] ?? '').split(' ')
      tokens[int(random, tokens.length)] = String(pickOne(random, ['nan', 'inf', '-1', '0', '1e400', '999999999', '1/2/3/4', '//', '\\', '\u0000', '-2147483649']))
      lines[i] = tokens.join(' ')
      break
    }
    case 4:
      lines[at()] += ' \\'
      break
    default:
      return new TextDecoder('latin1').decode(mutateBytes(new TextEncoder().encode(text), random))
  }
  return lines.join('\n')
}

export interface FuzzOutcome {
  kind: 'ok' | 'typed' | 'internal' | 'slow'
  index: number
  message?: string
  ms: number
}

export interface FuzzReport {
  counts: Record<FuzzOutcome['kind'], number>
  /** the first few internal errors and slow cases, to read in the assertion's message */
  problems: FuzzOutcome[]
}

/**
 * Runs `cases` mutated inputs through `run`, sequentially. `isTyped` says whether a thrown error
 * is the loader's own (its message is for the user); anything else counts as internal. A case
 * slower than `slowMs` counts as slow (a hang never returns: the test's own timeout catches it).
 */
export async function fuzz<T>(
  { cases, seed, slowMs }: { cases: number; seed: number; slowMs: number },
  make: (random: Random, index: number) => T,
  run: (input: T) => unknown,
  isTyped: (error: unknown) => boolean,
): Promise<FuzzReport> {
  const random = seededRandom(seed)
  const counts = { ok: 0, typed: 0, internal: 0, slow: 0 }
  const problems: FuzzOutcome[] = []
  for (let index = 0; index < cases; index++) {
    const input = make(random, index)
    const start = performance.now()
    let outcome: FuzzOutcome
    try {
      await run(input)
      outcome = { kind: 'ok', index, ms: 0 }
    } catch (e) {
      outcome = isTyped(e) ? { kind: 'typed', index, message: (e as Error).message, ms: 0 } : { kind: 'internal', index, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), ms: 0 }
    }
    outcome.ms = performance.now() - start
    if (outcome.ms > slowMs && outcome.kind !== 'internal') outcome = { ...outcome, kind: 'slow' }
    counts[outcome.kind]++
    if ((outcome.kind === 'internal' || outcome.kind === 'slow') && problems.length < 10) problems.push(outcome)
  }
  return { counts, problems }
}

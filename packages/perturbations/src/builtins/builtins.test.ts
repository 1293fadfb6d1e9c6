import { posix } from 'node:path'
import { describe, expect, test } from 'vitest'
import { builtinPerturbations } from '.'
import type { BuiltinReference } from '../reference'

/** The package's sources as text, by path relative to this folder (`./alpha/index.ts`, `../index.ts`). */
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx'], { query: '?raw', import: 'default', eager: true })
const references = import.meta.glob<{ reference: BuiltinReference }>('./*/reference.ts', { eager: true })

const camelCase = (id: string) => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
const folders = [...new Set(Object.keys(sources).flatMap((path) => /^\.\/(\w+)\/[^/]+$/.exec(path)?.[1] ?? []))]

describe('built-in folders', () => {
  test('each built-in in the list is one folder, named after its id, and each folder is in the list', () => {
    expect(folders.sort()).toEqual(builtinPerturbations.map((d) => camelCase(d.id)).sort())
  })

  test.each(builtinPerturbations.map((d) => [d.id, camelCase(d.id)]))('%s: ./%s has index.ts, reference.ts (for this id) and a story', (id, folder) => {
    expect(sources[`./${folder}/index.ts`]).toBeDefined()
    expect(references[`./${folder}/reference.ts`]?.reference.id).toBe(id)
    expect(Object.keys(sources).filter((path) => path.startsWith(`./${folder}/`) && path.endsWith('.stories.tsx'))).toHaveLength(1)
  })
})

/** The same sources by path relative to src/ (`builtins/alpha/index.ts`, `index.ts`). */
const bySrcPath = Object.fromEntries(Object.entries(sources).map(([path, text]) => [posix.join('builtins', path), text]))

/** The files one source file imports or re-exports from, by relative specifier. */
function importsOf(path: string): string[] {
  return [...bySrcPath[path].matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]*)['"]/g)].map(([, spec]) => {
    const base = posix.join(posix.dirname(path), spec)
    const found = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((candidate) => candidate in bySrcPath)
    if (!found) throw new Error(`${path}: cannot resolve ${spec}`)
    return found
  })
}

test("the package's entry point never reaches a CPU reference or a story", () => {
  const reached = new Set(['index.ts'])
  for (const path of reached) for (const next of importsOf(path)) reached.add(next)
  expect(reached).toContain('builtins/alpha/index.ts')
  expect([...reached].filter((path) => /reference|stor(y|ies)/.test(path))).toEqual([])
})

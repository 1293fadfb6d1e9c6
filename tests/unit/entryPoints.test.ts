// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'
import { entryPoints } from '../../tools/aliases.mjs'

/**
 * The front doors stay small: each package's main entry keeps what most users need (values and
 * types, as TypeScript counts a module's exports), primitives live in documented subpaths. The
 * budget is for all five packages together.
 */
const FRONT_DOOR_BUDGET = 200

const program = ts.createProgram(
  entryPoints.map((e) => e.source),
  { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true, customConditions: ['@perturber/source'] },
)
const checker = program.getTypeChecker()
const exportsOf = (source: string) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(source)!)!).map((s) => s.name)

describe('entry points', () => {
  const mains = entryPoints.filter((e) => e.subpath === '.')

  test(`the five main entries export at most ${FRONT_DOOR_BUDGET} names together`, () => {
    const counts: Record<string, number> = Object.fromEntries(mains.map((e) => [e.packageName, exportsOf(e.source).length]))
    expect(Object.keys(counts).sort()).toEqual(['@perturber/app', '@perturber/model-runtime', '@perturber/perturbations', '@perturber/scene', '@perturber/viz'])
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    console.log(`[entry points] main-entry exports: ${JSON.stringify(counts)}, ${total} in all`)
    expect(total).toBeLessThanOrEqual(FRONT_DOOR_BUDGET)
  })

  test('every subpath has its source, its build output names and something to export, none of it repeating its front door', () => {
    for (const entry of entryPoints) {
      expect(existsSync(entry.source), entry.source).toBe(true)
      const json = JSON.parse(readFileSync(`${entry.packageDir}/package.json`, 'utf8'))
      expect(json.exports[entry.subpath]).toMatchObject({ types: `./dist/${entry.name}.d.ts`, import: `./dist/${entry.name}.js` })
      const names = exportsOf(entry.source)
      expect(names.length, entry.specifier).toBeGreaterThan(0)
      if (entry.subpath === '.') continue
      // a subpath adds primitives; what the front door has is imported from there, one way
      const front = new Set(exportsOf(mains.find((m) => m.packageName === entry.packageName)!.source))
      expect(names.filter((n) => front.has(n)), entry.specifier).toEqual([])
    }
  })

  test('one way to do each thing at the front door: low-level ways to load, attack and visualize live in subpaths', () => {
    const runtime = new Set(exportsOf(mains.find((m) => m.packageName === '@perturber/model-runtime')!.source))
    for (const name of ['loadModel', 'PgdAttack', 'createPgdAttack', 'FeatureVisRun', 'runFeatureVis', 'createEditedModel', 'commonHeader']) expect(runtime.has(name), name).toBe(false)
    expect(runtime.has('createModelRuntime')).toBe(true)
    const perturbations = new Set(exportsOf(mains.find((m) => m.packageName === '@perturber/perturbations')!.source))
    for (const name of ['commonHeader', 'jpegQuantTables', 'mulberry32']) expect(perturbations.has(name), name).toBe(false)
  })
})

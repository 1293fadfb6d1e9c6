import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The package.json export condition that points each entry at its TypeScript source. */
export const SOURCE_CONDITION = '@perturber/source'

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url))

/**
 * Every entry point of every workspace package, from its package.json `exports`:
 * `{ specifier: '@perturber/viz/controls', subpath: './controls', name: 'controls', source: '/abs/…/src/controls/index.ts' }`.
 * One list for the source aliases, the library build (tsup) and the tests of the entry points.
 */
export const entryPoints = readdirSync(packagesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const dir = `${packagesDir}${d.name}`
    const json = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'))
    return Object.entries(json.exports ?? {})
      .filter(([, target]) => typeof target === 'object' && target[SOURCE_CONDITION])
      .map(([subpath, target]) => ({
        packageName: json.name,
        packageDir: dir,
        specifier: subpath === '.' ? json.name : `${json.name}/${subpath.slice(2)}`,
        subpath,
        name: subpath === '.' ? 'index' : subpath.slice(2),
        source: `${dir}/${target[SOURCE_CONDITION].replace(/^\.\//, '')}`,
      }))
  })

/**
 * Source aliases so tests, Storybook, the bench and the site run against `src/`, never a stale
 * `dist/`: exact-match patterns (a plain `@perturber/scene` alias would also rewrite `@perturber/scene/core`).
 * @type {{ find: RegExp, replacement: string }[]}
 */
export const sourceAliases = entryPoints.map((entry) => ({
  find: new RegExp(`^${entry.specifier.replace(/[/-]/g, (c) => `\\${c}`)}$`),
  replacement: entry.source,
}))

/**
 * The built-in backgrounds' HDRI modules (read from packages/scene's list, so a new one is never
 * missed): pages that switch backgrounds pre-bundle them all, or Vite discovers one mid-run,
 * re-optimises and the next import fails ("Outdated Optimize Dep").
 */
export const hdriModules = [...readFileSync(new URL('../packages/scene/src/background/builtinBackgrounds.ts', import.meta.url), 'utf8').matchAll(/import\('(@pmndrs\/assets\/hdri\/\w+\.exr)'\)/g)].map((m) => m[1])

import { defineConfig, type Options } from 'tsup'
import { entryPoints } from './tools/aliases.mjs'

/**
 * One build definition for every package (ESM + declarations), one entry per `exports` entry of
 * its package.json (the main entry and its subpaths). `npm run build` at the root builds all; a
 * package's own `npm run build` sets PERTURBER_PACKAGE to build just itself.
 */
const only = process.env.PERTURBER_PACKAGE
const packages = [...new Set(entryPoints.map((e) => e.packageDir))].filter((dir) => !only || dir.endsWith(`/${only}`))

export default defineConfig(
  packages.map(
    (dir): Options => ({
      name: dir.split('/').pop(),
      entry: Object.fromEntries(entryPoints.filter((e) => e.packageDir === dir).map((e) => [e.name, e.source])),
      outDir: `${dir}/dist`,
      format: ['esm'],
      target: 'es2022',
      dts: true,
      sourcemap: true,
      clean: true,
      splitting: true,
      // sibling packages, peers and dependencies stay imports; consumers dedupe them
      external: [/^@perturber\//, /^react/, /^three/, /^@react-three\//, /^@tensorflow\//, /^@tensorflow-models\//, /^zustand/, /^@pmndrs\/assets/],
    }),
  ),
)

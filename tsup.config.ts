import { existsSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

/**
 * One build definition for every package (ESM + declarations). `npm run build` at the root
 * builds all; a package's own `npm run build` sets PERTURBER_PACKAGE to build just itself.
 */
const packages = ['perturbations', 'scene', 'model-runtime', 'viz', 'app'].filter((name) => existsSync(`packages/${name}/src/index.ts`))
const only = process.env.PERTURBER_PACKAGE

export default defineConfig(
  packages
    .filter((name) => !only || name === only)
    .map(
      (name): Options => ({
        name,
        entry: { index: `packages/${name}/src/index.ts` },
        outDir: `packages/${name}/dist`,
        format: ['esm'],
        target: 'es2022',
        dts: true,
        sourcemap: true,
        clean: true,
        splitting: true,
        // sibling packages, peers and dependencies stay imports; consumers dedupe them
        external: [/^@perturber\//, /^react/, /^three/, /^@react-three\//, /^@tensorflow\//, 'zustand', /^@pmndrs\/assets/, 'leva'],
      }),
    ),
)

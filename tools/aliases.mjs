import { fileURLToPath } from 'node:url'

/** Source aliases so tests, Storybook and the bench run against `src/`, never a stale `dist/`. */
/** @param {string} name */
const pkg = (name) => fileURLToPath(new URL(`../packages/${name}/src/index.ts`, import.meta.url))

/** @type {Record<string, string>} */
export const sourceAliases = {
  '@perturber/scene': pkg('scene'),
  '@perturber/perturbations': pkg('perturbations'),
  '@perturber/model-runtime': pkg('model-runtime'),
  '@perturber/viz': pkg('viz'),
  '@perturber/app': pkg('app'),
}

import { fileURLToPath } from 'node:url'

/** Source aliases so tests, Storybook and the bench run against `src/`, never a stale `dist/`. */
const pkg = (name: string) => fileURLToPath(new URL(`../packages/${name}/src/index.ts`, import.meta.url))

export const sourceAliases: Record<string, string> = {
  '@perturber/scene': pkg('scene'),
  '@perturber/perturbations': pkg('perturbations'),
  '@perturber/model-runtime': pkg('model-runtime'),
  '@perturber/viz': pkg('viz'),
  '@perturber/app': pkg('app'),
}

import type { DescriptorHints, ModelRuntime } from '@perturber/model-runtime'
import type { LiveModel } from './LiveModelsDemo'

/** The embedded model zoo: Storybook serves the repository's models/ folder at its root (.storybook/main.ts). */
export const ZOO_INDEX = './perturber-zoo/index.json'

/** ZooNet's spatial layers (models/perturber-zoo, tools/zoo), shallow to deep, as the zoo's descriptors group them. */
export const zooLayers = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c'] as const

export type ZooVariant = 'standard' | 'adversarial' | 'stylized'

interface IndexEntry {
  name: string
  variant: string
  checkpoint: number
  path: string
}

/**
 * Loads the fully trained model of each variant from the zoo (its last checkpoint), with its
 * `descriptor.json` (labels, preprocessing, blocks; the example images become `labels.example`).
 * Rejects with a message that says how to get the zoo when it is missing.
 */
export async function loadZooModels(runtime: ModelRuntime, variants: readonly ZooVariant[], indexUrl = ZOO_INDEX): Promise<LiveModel[]> {
  const response = await fetch(indexUrl)
  const isJson = (response.headers.get('content-type') ?? '').includes('json')
  if (!response.ok || !isJson) throw new Error(`No model zoo at ${indexUrl} (HTTP ${response.status}): it is built by \`npm run zoo\` into models/perturber-zoo.`)
  const index = (await response.json()) as { models?: IndexEntry[] }
  const base = new URL(indexUrl, location.href)
  return Promise.all(
    variants.map(async (variant) => {
      const entries = (index.models ?? []).filter((e) => e.variant === variant).sort((a, b) => a.checkpoint - b.checkpoint)
      const last = entries[entries.length - 1]
      if (!last) throw new Error(`The model zoo at ${indexUrl} has no "${variant}" model.`)
      const folder = new URL(`${last.path.replace(/\/$/, '')}/`, base)
      const descriptor = await fetchZooDescriptor(new URL('descriptor.json', folder).href)
      return { model: await runtime.load(new URL('model.json', folder).href, { descriptor }), label: last.name.replace(/\s*\(checkpoint.*\)$/, '') }
    }),
  )
}

/** A zoo `descriptor.json`: `examples: { labelIndex: path }` (relative to it) becomes `labels.example`. */
async function fetchZooDescriptor(url: string): Promise<DescriptorHints> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`Could not fetch ${url}: HTTP ${response.status}`)
  const { examples, ...json } = (await response.json()) as DescriptorHints & { examples?: Record<string, string> }
  if (!examples || !json.labels) return json
  return { ...json, labels: { ...json.labels, example: (i: number) => (examples[String(i)] ? new URL(examples[String(i)], url).href : undefined) } }
}

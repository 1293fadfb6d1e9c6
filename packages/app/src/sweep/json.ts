/**
 * A sweep result as a JSON file: the spec and models pretty-printed, one line per sample (a sweep
 * of 10,000 samples stays a file one can scroll and diff). Reading one back validates it fully.
 */
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { parseJsonText } from './check'
import { importFail, validateSweepResult } from './result'
import { modelInfoToJson, sampleToJson } from './resultParts'
import { sweepSpecToJson } from './spec'
import type { SweepResult } from './types'

export function sweepToJson(result: SweepResult): string {
  const { format, version, spec, models, total, shard, samples } = result
  const head = JSON.stringify({ format, version, spec: sweepSpecToJson(spec), models: models.map(modelInfoToJson), total, ...(shard ? { shard: { k: shard.k, n: shard.n } } : {}) }, null, 1)
  const lines = samples.map((s) => `  ${JSON.stringify(sampleToJson(s))}`).join(',\n')
  // samples last, spliced in: its closing brace is the head's last character
  return `${head.slice(0, -2)},\n "samples": [${samples.length ? `\n${lines}\n ` : ''}]\n}\n`
}

/** Reads a file written by {@link sweepToJson}; anything else throws a SweepImportError saying where. */
export function sweepFromJson(text: string, registry: PerturbationRegistry = defaultRegistry): SweepResult {
  return validateSweepResult(parseJsonText(text, 'sweep file', importFail), registry)
}

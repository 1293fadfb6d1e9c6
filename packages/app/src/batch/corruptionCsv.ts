import { csvField } from '../sweep/csvText'
import { IMAGENET_C_CORRUPTIONS, type CorruptionTable } from './corruptions'
import type { BatchResult } from './types'

/** The cell of a number that may be missing (no labelled image, no baseline error): empty. */
const cell = (v: number | null) => (v === null ? '' : v.toPrecision(9))

/**
 * A corruption benchmark as CSV: per model, a `clean` row, then one row per corruption and
 * severity (top-1 error) with the corruption's CE and relative CE, then an `mCE` row. The reference's
 * name of each corruption sits beside ours, so a reader can cite it; comment lines name the
 * baseline and the images.
 */
export function corruptionToCsv(result: BatchResult, table: CorruptionTable): string {
  const severities = result.settings.map((s) => s.id).filter((id) => id.includes('@'))
  const baseline = result.models[table.baseline]
  const lines = [
    '# perturber-corruption-benchmark 1',
    `# baseline ${JSON.stringify({ role: baseline.role, name: baseline.name })}`,
    `# images ${result.items.length} of ${result.total} (${result.skipped.length} skipped)`,
    ['model', 'role', 'corruption', 'imagenet_c_name', 'held_out', 'severity', 'top1_error', 'ce', 'relative_ce'].join(','),
  ]
  for (const row of table.models) {
    const model = result.models[row.model]
    const head = [csvField(model.name), model.role]
    lines.push([...head, 'clean', '', '', '', cell(row.clean), '', ''].join(','))
    for (const r of row.rows) {
      const name = IMAGENET_C_CORRUPTIONS.find((c) => c.id === r.corruption)?.name ?? ''
      const levels = severities.filter((id) => id.startsWith(`${r.corruption}@`)).map((id) => id.slice(id.lastIndexOf('@') + 1))
      r.errors.forEach((error, k) => lines.push([...head, csvField(r.corruption), name, String(r.heldOut), levels[k] ?? '', cell(error), cell(r.ce), cell(r.relativeCe)].join(',')))
    }
    lines.push([...head, 'mCE', '', '', '', '', cell(row.mce), cell(row.relativeMce)].join(','))
  }
  return `${lines.join('\n')}\n`
}

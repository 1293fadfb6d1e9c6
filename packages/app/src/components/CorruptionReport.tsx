import { useState } from 'react'
import { TableHeatmap } from '@perturber/viz/batch'
import { modelRoleLabels } from '@perturber/viz'
import { saveText } from './saveText'
import { corruptionToCsv } from '../batch/corruptionCsv'
import { corruptionTable } from '../batch/corruptions'
import type { BatchResult } from '../batch/types'

const percent = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`)

/**
 * A corruption benchmark's result (a batch run on `corruptionSettings`): each model's top-1 error
 * per corruption and severity as a coloured table, the corruption errors (CE) and their mean (mCE,
 * plain and relative) against a baseline model the user picks, and the CSV of it all. Works on a
 * cancelled run's partial result: the numbers are over the images it finished.
 */
export function CorruptionReport({ result }: { result: BatchResult }) {
  const [baseline, setBaseline] = useState(0)
  const table = corruptionTable(result, Math.min(baseline, result.models.length - 1))
  const modelLabel = (m: number) => `${modelRoleLabels[result.models[m].role]}: ${result.models[m].name}`
  const severities = [...new Set(result.settings.filter((s) => s.id.includes('@')).map((s) => s.id.slice(s.id.lastIndexOf('@') + 1)))]
  /** the corruption's label: its settings are named "<label> <severity>" */
  const label = (id: string) => result.settings.find((s) => s.id.startsWith(`${id}@`))?.name.replace(/ \d+$/, '') ?? id
  const rows = table.models[0]?.rows ?? []
  const worst = Math.max(1, ...table.models.flatMap((m) => m.rows.map((r) => r.ce ?? 0)))
  return (
    <div className="pa-corruption-report" style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
      {result.models.length > 1 ? (
        <label>
          CE relative to{' '}
          <select value={table.baseline} aria-label="Baseline model" onChange={(e) => setBaseline(Number(e.target.value))}>
            {result.models.map((_, m) => (
              <option key={m} value={m}>
                {modelLabel(m)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <table aria-label="Mean corruption error" style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">clean error</th>
            <th scope="col">mCE</th>
            <th scope="col">relative mCE</th>
          </tr>
        </thead>
        <tbody>
          {table.models.map((m) => (
            <tr key={m.model}>
              <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal' }}>{modelLabel(m.model)}</th>
              <td>{percent(m.clean)}</td>
              <td>{percent(m.mce)}</td>
              <td>{percent(m.relativeMce)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <small>
        CE: a corruption's errors summed over severities ÷ the baseline's (Hendrycks &amp; Dietterich, 2019); the means leave out ImageNet-C's four held-out corruptions. Over {result.items.length} image
        {result.items.length === 1 ? '' : 's'}.
      </small>
      {table.models.map((m) => (
        <TableHeatmap
          key={m.model}
          caption={`Top-1 error, ${modelLabel(m.model)}`}
          rowHeader="Corruption"
          columns={severities}
          rows={m.rows.map((r) => ({ label: label(r.corruption), note: r.heldOut ? 'held out' : undefined, values: r.errors }))}
        />
      ))}
      <TableHeatmap
        caption={`Corruption error (CE) relative to ${modelLabel(table.baseline)}`}
        rowHeader="Corruption"
        columns={table.models.map((m) => modelRoleLabels[result.models[m.model].role])}
        rows={rows.map((r, i) => ({ label: label(r.corruption), note: r.heldOut ? 'held out' : undefined, values: table.models.map((m) => m.rows[i].ce) }))}
        domain={[0, worst]}
      />
      <button type="button" onClick={() => saveText(corruptionToCsv(result, table), 'corruption-benchmark.csv', 'text/csv')}>
        Save CSV
      </button>
    </div>
  )
}

import { modelColors } from '@perturber/viz'
import { BarChart } from '@perturber/viz/sweeps'
import { BACKGROUND_CONDITIONS, BACKGROUND_CONDITION_LABELS } from '../experiments/backgroundDependence'
import type { BackgroundDependenceResult } from '../experiments/BackgroundDependenceRun'

const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '—')
const tick = (v: number) => `${Math.round(v * 100)} %`
/** the conditions as the chart's groups and the table's heads: short, so that four fit level (the full names are their titles) */
const SHORT: Record<(typeof BACKGROUND_CONDITIONS)[number], string> = { own: 'own', other: 'others’', neutral: 'grey', removed: 'no object' }

/**
 * The background experiment as a bar chart of each model's accuracy per condition against chance
 * (1 / objects), and a table with the counts and the own − other gap (the Background Challenge's
 * BG-Gap): a model that leans on backgrounds loses more away from its own and finds more in the
 * background alone.
 */
export function BackgroundDependenceFigure({ result, width = 520 }: { result: BackgroundDependenceResult; width?: number }) {
  const tables = result.tables
  if (result.images.length === 0 || tables.length === 0) return <p className="pa-sweep-empty">No images yet.</p>
  const chance = 1 / result.objects.length
  const series = result.models.map((m, i) => ({ name: m.name, color: modelColors[m.role], values: BACKGROUND_CONDITIONS.map((c) => tables[i].rows.find((r) => r.condition === c)?.accuracy ?? Number.NaN) }))
  return (
    <figure className="pa-experiment-figure" aria-label="Background dependence" style={{ margin: 0, maxWidth: width, font: '12px system-ui, sans-serif' }}>
      <BarChart groups={BACKGROUND_CONDITIONS.map((c) => SHORT[c])} xLabel="background" series={series} yLabel="accuracy among the objects" yDomain={[0, 1]} reference={{ value: chance, label: 'chance' }} formatY={tick} width={width} height={240} />
      <table className="pa-batch-table" aria-label="Accuracy per condition">
        <thead>
          <tr>
            <th scope="col">model</th>
            {BACKGROUND_CONDITIONS.map((c) => (
              <th key={c} scope="col" title={BACKGROUND_CONDITION_LABELS[c]}>
                {SHORT[c]}
              </th>
            ))}
            <th scope="col">own − other</th>
          </tr>
        </thead>
        <tbody>
          {result.models.map((m, i) => (
            <tr key={m.role}>
              <th scope="row">{m.name}</th>
              {BACKGROUND_CONDITIONS.map((c) => {
                const row = tables[i].rows.find((r) => r.condition === c)
                return <td key={c}>{row && row.total ? `${percent(row.accuracy)} (${row.correct}/${row.total})` : '—'}</td>
              })}
              <td>{Number.isFinite(tables[i].backgroundGap) ? `${(tables[i].backgroundGap * 100).toFixed(1)} points` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        Each of {result.objects.length} objects before its own background ({[...new Set(result.objects.map((o) => o.background))].join(', ')}), before the other objects’ backgrounds, before plain grey, and each background alone, from {result.views.length} cameras. A model’s answer is the object whose classes get the most probability; chance is {percent(chance)}.
      </figcaption>
    </figure>
  )
}

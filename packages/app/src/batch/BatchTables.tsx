import { AccuracyTable } from '@perturber/viz/batch'
import { modelColors, modelRoleLabels } from '@perturber/viz'
import { batchTable } from './table'
import type { BatchResult } from './types'

/**
 * A batch's numbers: top-1 and top-5 accuracy of every model in every setting (over the images
 * labelled for that model), and, with two or more models, how often their top-1 classes agree.
 * Without labels only the agreement says anything, so the accuracy tables are left out.
 */
export function BatchTables({ result }: { result: BatchResult }) {
  const { rows, agreement } = batchTable(result)
  const columns = result.settings.map((s) => s.name)
  const modelLabel = (m: number) => `${modelRoleLabels[result.models[m].role]}: ${result.models[m].name}`
  const accuracy = (key: 'top1' | 'top5') =>
    result.models.map((model, m) => ({
      label: modelLabel(m),
      color: modelColors[model.role],
      cells: result.settings.map((_, s) => {
        const row = rows.find((r) => r.model === m && r.setting === s)!
        return { correct: row[key], total: row.labelled }
      }),
    }))
  const labelled = rows.some((r) => r.labelled > 0)
  const pairs = agreement.filter((a) => a.setting === 0)
  return (
    <div className="pa-batch-tables" style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
      {labelled ? (
        <>
          <AccuracyTable caption="Top-1 accuracy (labelled images)" columns={columns} rows={accuracy('top1')} />
          <AccuracyTable caption="Top-5 accuracy (labelled images)" columns={columns} rows={accuracy('top5')} />
        </>
      ) : (
        <p className="pa-sweep-message">No image name matched a class of the models, so there is no accuracy: the agreement between models is below.</p>
      )}
      {pairs.length ? (
        <AccuracyTable
          caption="Agreement (same top-1 class)"
          rowHeader="Models"
          columns={columns}
          rows={pairs.map(({ models: [a, b] }) => ({
            label: `${modelRoleLabels[result.models[a].role]} and ${modelRoleLabels[result.models[b].role]}`,
            cells: result.settings.map((_, s) => {
              const row = agreement.find((r) => r.setting === s && r.models[0] === a && r.models[1] === b)!
              return { correct: row.agreed, total: row.compared }
            }),
          }))}
        />
      ) : null}
    </div>
  )
}

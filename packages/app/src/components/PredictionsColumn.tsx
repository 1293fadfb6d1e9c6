import type { PerturberModel } from '@perturber/model-runtime'
import { Predictions, modelColors, modelResultOf, modelRoleLabels, useFrameResultStore, type FrameResultStore, type ModelRole } from '@perturber/viz'
import type { PredictionValueKind } from '@perturber/viz/predictions'

export interface PredictionsColumnProps {
  results: FrameResultStore
  models: readonly { role: ModelRole; model: PerturberModel }[]
  values: PredictionValueKind
  onValuesChange(values: PredictionValueKind): void
}

/** Right column: top-5 predictions of every model shown, side by side. */
export function PredictionsColumn({ results, models, values, onValuesChange }: PredictionsColumnProps) {
  const result = useFrameResultStore(results, (s) => s.result)
  const currentFrameId = useFrameResultStore(results, (s) => s.currentFrameId)
  if (models.length === 0) return <p className="pa-off">Load a model to see its predictions.</p>
  return (
    <Predictions
      currentFrameId={currentFrameId}
      values={values}
      onValuesChange={onValuesChange}
      models={models.map(({ role, model }) => {
        const mine = modelResultOf(result, model.id)
        return {
          id: role,
          label: `${modelRoleLabels[role]} · ${model.descriptor.name}`,
          color: modelColors[role],
          predictions: mine?.predictions,
          frameId: mine?.frameId,
          labels: model.descriptor.labels,
          // a model whose output was not finite (or that failed) on this frame says so in its place
          error: mine?.problem?.message,
        }
      })}
    />
  )
}

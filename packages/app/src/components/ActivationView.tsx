import { featureVisualizationsFor, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { ActivationGrid, modelColors, modelResultOf, modelRoleLabels, useFrameResultStore, type ActivationGridRow, type FrameResultStore, type ModelRole } from '@perturber/viz'

export interface ActivationViewProps {
  runtime: ModelRuntime
  results: FrameResultStore
  models: readonly { role: ModelRole; model: PerturberModel }[]
  layer: string
  normalization: number
  onNormalizationChange(value: number): void
  /** feature visualizations in naive pixels instead of the decorrelated parameterisation */
  naive: boolean
  onNaiveChange(naive: boolean): void
  /** feature-visualization optimisation steps per image */
  featureVisSteps?: number
}

/** The neuron view: one row of live maps per model, a generated/precomputed feature visualization under each map. */
export function ActivationView({ runtime, results, models, layer, normalization, onNormalizationChange, naive, onNaiveChange, featureVisSteps = 128 }: ActivationViewProps) {
  const result = useFrameResultStore(results, (s) => s.result)
  const currentFrameId = useFrameResultStore(results, (s) => s.currentFrameId) ?? undefined
  const rows: ActivationGridRow[] = models.map(({ role, model }) => {
    const mine = modelResultOf(result, model.id)
    const maps = mine?.activations?.layer === layer ? mine.activations : undefined
    const hasLayer = model.layers.some((l) => l.name === layer)
    return {
      id: role,
      label: `${modelRoleLabels[role]} · ${model.descriptor.name}`,
      color: modelColors[role],
      maps,
      frameId: mine?.frameId,
      error: hasLayer ? mine?.problem?.message : `${model.descriptor.name} has no layer "${layer}".`,
      featureVis: {
        generate: (l, channel, options) => runtime.featureVis(model, l, channel, { ...options, steps: featureVisSteps }),
        precomputed: featureVisualizationsFor(model, layer),
        resetKey: `${model.id}@${model.version}`,
        layer,
      },
    }
  })
  return (
    <ActivationGrid
      rows={rows}
      currentFrameId={currentFrameId}
      normalization={normalization}
      onNormalizationChange={onNormalizationChange}
      naiveParameterization={naive}
      onNaiveParameterizationChange={onNaiveChange}
    />
  )
}

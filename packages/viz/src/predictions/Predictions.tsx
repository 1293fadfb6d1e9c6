import type { CSSProperties } from 'react'
import type { LabelSet, Prediction } from '@perturber/model-runtime'
import { useControllableState } from '../hooks/useControllableState'
import { ModelPredictions } from './ModelPredictions'
import type { PredictionValueKind } from './predictionValues'
import { PredictionValuesToggle } from './PredictionValuesToggle'

/** One model's column. */
export interface PredictionsModel {
  /** Stable key, e.g. the model slot. */
  id: string
  label: string
  color: string
  predictions?: readonly Prediction[] | null
  /** The frame `predictions` belong to. */
  frameId?: number | null
  /** The model's labels (`descriptor.labels`), for example images. */
  labels?: LabelSet
  error?: string
}

export interface PredictionsProps {
  models: readonly PredictionsModel[]
  /** Logits or probabilities; uncontrolled (default probabilities) when omitted. */
  values?: PredictionValueKind
  onValuesChange?: (values: PredictionValueKind) => void
  showValuesToggle?: boolean
  /** The frame on screen: a model whose predictions are older gets a marker. */
  currentFrameId?: number | null
  topK?: number
  exampleSize?: number
  className?: string
  style?: CSSProperties
}

/** The prediction view: every model's top-5 side by side in its colour, one logits/probabilities toggle. */
export function Predictions({ models, values: controlled, onValuesChange, showValuesToggle = true, currentFrameId, topK, exampleSize, className, style }: PredictionsProps) {
  const [values, setValues] = useControllableState<PredictionValueKind>(controlled, 'probabilities', onValuesChange)
  return (
    <div className={className} style={{ display: 'flex', flexDirection: 'column', gap: 8, ...style }}>
      {showValuesToggle ? <PredictionValuesToggle value={values} onChange={setValues} /> : null}
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {models.map((model) => (
          <ModelPredictions
            key={model.id}
            predictions={model.predictions}
            values={values}
            labels={model.labels}
            label={model.label}
            color={model.color}
            frameId={model.frameId}
            currentFrameId={currentFrameId}
            topK={topK}
            exampleSize={exampleSize}
            error={model.error}
            style={{ borderTop: `3px solid ${model.color}`, paddingTop: 4 }}
          />
        ))}
      </div>
    </div>
  )
}

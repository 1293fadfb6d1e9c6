import { useState, type CSSProperties } from 'react'
import type { LabelSet, Prediction } from '@perturber/model-runtime'
import { isStaleFrame } from '../hooks/frameResultStore'
import { formatPredictionValue, predictionBars, type PredictionValueKind } from './predictionValues'
import { StaleFrameBadge } from './StaleFrameBadge'

export interface ModelPredictionsProps {
  /** Top-k, most probable first (a `ModelFrameResult`'s `predictions`); none yet shows a placeholder. */
  predictions?: readonly Prediction[] | null
  values?: PredictionValueKind
  /** The model's label set: its `example(labelIndex)` illustrates the top (or hovered) class. */
  labels?: LabelSet
  /** Model name and slot colour. */
  label?: string
  color?: string
  /** The frame the predictions belong to, and the frame on screen: older shows a marker. */
  frameId?: number | null
  currentFrameId?: number | null
  /** Bars shown (default 5). */
  topK?: number
  /** Side of the example image in CSS pixels (default 128). */
  exampleSize?: number
  /** Shown in place of the bars. */
  error?: string
  className?: string
  style?: CSSProperties
}

/**
 * One model's top-k: an example image of the top class (of the hovered class while a row is
 * hovered) when the label set has examples, then one bar per class, normalised to the largest
 * shown value, with the value written in the bar.
 */
export function ModelPredictions({
  predictions,
  values = 'probabilities',
  labels,
  label,
  color = '#1f6feb',
  frameId,
  currentFrameId,
  topK = 5,
  exampleSize = 128,
  error,
  className,
  style,
}: ModelPredictionsProps) {
  const [hovered, setHovered] = useState<number | null>(null)
  const bars = predictions ? predictionBars(predictions, values, topK) : []
  const illustrated = bars[hovered ?? 0]?.prediction
  const exampleUrl = illustrated ? labels?.example?.(illustrated.labelIndex) : undefined
  const stale = isStaleFrame(frameId, currentFrameId)

  return (
    <section aria-label={`Predictions${label ? ` of ${label}` : ''}`} className={className} style={{ width: 240, font: '12px system-ui, sans-serif', ...style }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap', marginBottom: 4 }}>
        {label ? <strong style={{ color }}>{label}</strong> : null}
        <StaleFrameBadge frameId={frameId} currentFrameId={currentFrameId} />
      </header>
      {error ? (
        <div role="alert" style={{ color: '#b00020' }}>
          {error}
        </div>
      ) : !predictions ? (
        <div style={{ color: '#888' }}>no predictions yet</div>
      ) : (
        <>
          {labels?.example && illustrated ? (
            <figure style={{ margin: '0 0 6px' }} title={illustrated.label}>
              {exampleUrl ? (
                <img src={exampleUrl} alt={`Example of ${illustrated.label}`} width={exampleSize} height={exampleSize} style={{ display: 'block', objectFit: 'cover', borderRadius: 6 }} />
              ) : (
                // no example for this class: its name stands in for the picture
                <figcaption style={{ width: exampleSize, height: exampleSize, borderRadius: 6, background: '#eee', display: 'flex', alignItems: 'center', justifyContent: 'center', textAlign: 'center', padding: 6, boxSizing: 'border-box', color: '#555' }}>
                  {illustrated.label}
                </figcaption>
              )}
            </figure>
          ) : null}
          <ol style={{ listStyle: 'none', margin: 0, padding: 0, opacity: stale ? 0.55 : 1 }} onPointerLeave={() => setHovered(null)}>
            {bars.map(({ prediction, value, fraction }, i) => (
              <li
                key={`${i}-${prediction.labelIndex}`}
                tabIndex={0}
                data-label-index={prediction.labelIndex}
                onPointerEnter={() => setHovered(i)}
                onFocus={() => setHovered(i)}
                onBlur={() => setHovered(null)}
                style={{ marginBottom: 3, cursor: 'default', outline: hovered === i ? `1px dotted ${color}` : undefined }}
              >
                <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={prediction.label}>
                  {prediction.label}
                </div>
                <div style={{ position: 'relative', height: 16, background: 'rgba(0,0,0,0.06)', borderRadius: 2 }}>
                  <div
                    data-testid="prediction-bar"
                    style={{
                      width: `${fraction * 100}%`,
                      height: '100%',
                      borderRadius: 2,
                      background: value < 0 ? `repeating-linear-gradient(45deg, ${color}, ${color} 3px, transparent 3px, transparent 6px)` : color,
                    }}
                  />
                  <span style={{ position: 'absolute', left: 4, top: 0, lineHeight: '16px', color: '#111', textShadow: '0 0 2px #fff, 0 0 2px #fff, 0 0 1px #fff', fontVariantNumeric: 'tabular-nums' }}>
                    {formatPredictionValue(value, values)}
                  </span>
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}

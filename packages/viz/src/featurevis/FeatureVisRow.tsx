import type { CSSProperties } from 'react'
import type { FeatureVisParameterization, PrecomputedFeatureVis } from '@perturber/model-runtime'
import { useControllableState } from '../hooks/useControllableState'
import { FeatureVisTile } from './FeatureVisTile'
import { ParameterizationToggle } from './ParameterizationToggle'
import type { DecorrelatedParameterization, FeatureVisGenerator } from './types'

export interface FeatureVisRowProps {
  layer: string
  channels: readonly number[]
  generate?: FeatureVisGenerator
  /** The model's precomputed images (`descriptor.featureVisualizations`). */
  precomputed?: PrecomputedFeatureVis
  /** Controlled parameterisation (one for the whole row); without it the row has its own toggle. */
  parameterization?: FeatureVisParameterization
  onParameterizationChange?: (value: FeatureVisParameterization) => void
  decorrelated?: DecorrelatedParameterization
  resetKey?: string | number
  /** Model name, shown in the row's upper left corner. */
  label?: string
  /** The model's slot colour: the row is framed with it. */
  color?: string
  tileSize?: number
  className?: string
  style?: CSSProperties
}

/**
 * One model's feature visualizations for a set of channels, framed in the model's colour, with
 * one naive/decorrelated toggle for the row (for when the activation maps are switched off).
 */
export function FeatureVisRow({
  layer,
  channels,
  generate,
  precomputed,
  parameterization: controlled,
  onParameterizationChange,
  decorrelated = 'fourier',
  resetKey,
  label,
  color = '#888',
  tileSize = 96,
  className,
  style,
}: FeatureVisRowProps) {
  const [parameterization, setParameterization] = useControllableState(controlled, decorrelated, onParameterizationChange)
  return (
    <section
      aria-label={`Feature visualizations${label ? ` of ${label}` : ''}, ${layer}`}
      className={className}
      style={{ border: `2px solid ${color}`, borderRadius: 8, padding: 6, font: '12px system-ui, sans-serif', ...style }}
    >
      <header style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginBottom: 4 }}>
        <strong style={{ color }}>{label ?? layer}</strong>
        {controlled === undefined ? <ParameterizationToggle value={parameterization} onChange={setParameterization} decorrelated={decorrelated} /> : null}
      </header>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        {channels.map((channel) => (
          <figure key={channel} style={{ margin: 0 }}>
            <FeatureVisTile
              layer={layer}
              channel={channel}
              generate={generate}
              precomputed={precomputed?.image(layer, channel)}
              parameterization={parameterization}
              decorrelated={decorrelated}
              resetKey={resetKey}
              size={tileSize}
              label={label}
            />
            <figcaption style={{ textAlign: 'center', color: '#555' }}>{channel}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  )
}

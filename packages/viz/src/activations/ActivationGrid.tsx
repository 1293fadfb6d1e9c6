import type { CSSProperties } from 'react'
import type { ActivationMaps, FeatureVisParameterization, PrecomputedFeatureVis } from '@perturber/model-runtime'
import { FeatureVisTile } from '../featurevis/FeatureVisTile'
import { ParameterizationToggle } from '../featurevis/ParameterizationToggle'
import type { DecorrelatedParameterization, FeatureVisGenerator } from '../featurevis/types'
import { isStaleFrame } from '../hooks/frameResultStore'
import { useControllableState } from '../hooks/useControllableState'
import type { ActivationColorScheme } from './activationToRgba'
import { ActivationMap } from './ActivationMap'
import { NeuronCell } from './NeuronCell'
import { NormalizationSlider } from './NormalizationSlider'

/** Feature visualizations under a row's maps. */
export interface ActivationGridFeatureVis {
  generate?: FeatureVisGenerator
  precomputed?: PrecomputedFeatureVis
  /** What the row uses when "naive" is off (default `'fourier'`; the thesis used `'laplacian'` for the edited model). */
  decorrelated?: DecorrelatedParameterization
  /** Drops generated images when it changes (e.g. `${model.id}@${model.version}`). */
  resetKey?: string | number
  /** Layer to visualise; default the maps' layer. */
  layer?: string
}

/** One model's row. */
export interface ActivationGridRow {
  /** Stable key, e.g. the model slot. */
  id: string
  label: string
  /** The model's slot colour: frames the row. */
  color: string
  /** The model's maps on the latest result; none yet draws empty maps. */
  maps?: ActivationMaps | null
  /** Channels to show, in order; default `maps.channels`. */
  channels?: readonly number[]
  /** The frame `maps` belong to; older than `currentFrameId` dims the row. */
  frameId?: number
  /** Overrides the frame comparison. */
  stale?: boolean
  /** Shown in place of the maps (e.g. the model failed to run). */
  error?: string
  featureVis?: ActivationGridFeatureVis
}

export interface ActivationGridProps {
  rows: readonly ActivationGridRow[]
  /** log10 normalisation slider value (0 = 4σ of each model's layer); uncontrolled when omitted. */
  normalization?: number
  onNormalizationChange?: (value: number) => void
  showNormalizationSlider?: boolean
  /** "Naive parameterization" of the feature visualizations; uncontrolled when omitted. */
  naiveParameterization?: boolean
  onNaiveParameterizationChange?: (naive: boolean) => void
  /** The frame on screen; rows whose `frameId` is older are dimmed. */
  currentFrameId?: number
  /** CSS width of a map and of a feature visualization (default 96). */
  cellSize?: number
  scheme?: ActivationColorScheme
  className?: string
  style?: CSSProperties
}

/**
 * The live neuron view: one row per model, framed in its colour, one rounded cell per selected
 * channel with the activation map above the channel's feature visualization. Shares one
 * normalisation slider (0 = each layer's 4σ) and one naive/decorrelated toggle.
 */
export function ActivationGrid({
  rows,
  normalization: controlledNormalization,
  onNormalizationChange,
  showNormalizationSlider = true,
  naiveParameterization,
  onNaiveParameterizationChange,
  currentFrameId,
  cellSize = 96,
  scheme = 'dark',
  className,
  style,
}: ActivationGridProps) {
  const [normalization, setNormalization] = useControllableState(controlledNormalization, 0, onNormalizationChange)
  const [naive, setNaive] = useControllableState(naiveParameterization, false, onNaiveParameterizationChange)
  const hasFeatureVis = rows.some((row) => row.featureVis)

  return (
    <div className={className} style={{ display: 'flex', flexDirection: 'column', gap: 8, font: '12px system-ui, sans-serif', ...style }}>
      {showNormalizationSlider || hasFeatureVis ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 16 }}>
          {showNormalizationSlider ? <NormalizationSlider value={normalization} onChange={setNormalization} /> : null}
          {hasFeatureVis ? <ParameterizationToggle value={naive ? 'pixel' : 'fourier'} onChange={(value) => setNaive(value === 'pixel')} /> : null}
        </div>
      ) : null}
      {rows.map((row) => {
        const stale = row.stale ?? isStaleFrame(row.frameId, currentFrameId)
        const channels = row.channels ?? row.maps?.channels ?? []
        const fv = row.featureVis
        const fvLayer = fv?.layer ?? row.maps?.layer
        const parameterization: FeatureVisParameterization = naive ? 'pixel' : (fv?.decorrelated ?? 'fourier')
        return (
          <section key={row.id} aria-label={`Activations of ${row.label}`} data-stale={stale || undefined} style={{ border: `2px solid ${row.color}`, borderRadius: 10, padding: 6 }}>
            <header style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginBottom: 4 }}>
              <strong style={{ color: row.color }}>{row.label}</strong>
              {row.maps ? <span style={{ color: '#666' }}>{row.maps.layer}</span> : null}
              {stale && row.frameId !== undefined ? <span style={{ color: '#a15c00' }}>showing frame {row.frameId}</span> : null}
            </header>
            {row.error ? (
              <div role="alert" style={{ color: '#b00020' }}>
                {row.error}
              </div>
            ) : (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                {channels.map((channel) => (
                  <NeuronCell
                    key={channel}
                    channel={channel}
                    map={<ActivationMap maps={row.maps} channel={channel} normalization={normalization} stale={stale} color={row.color} size={cellSize} scheme={scheme} label={row.label} />}
                    featureVis={
                      fv && fvLayer ? (
                        <FeatureVisTile
                          layer={fvLayer}
                          channel={channel}
                          generate={fv.generate}
                          precomputed={fv.precomputed?.image(fvLayer, channel)}
                          parameterization={parameterization}
                          decorrelated={fv.decorrelated}
                          resetKey={fv.resetKey}
                          size={cellSize}
                          label={row.label}
                        />
                      ) : undefined
                    }
                  />
                ))}
              </div>
            )}
          </section>
        )
      })}
    </div>
  )
}

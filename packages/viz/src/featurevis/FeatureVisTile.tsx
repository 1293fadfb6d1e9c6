import { useEffect, useState, type CSSProperties } from 'react'
import type { FeatureVisParameterization, PrecomputedFeatureVisImage } from '@perturber/model-runtime'
import { useControllableState } from '../hooks/useControllableState'
import { FeatureVisCanvas } from './FeatureVisCanvas'
import { ParameterizationToggle } from './ParameterizationToggle'
import type { DecorrelatedParameterization, FeatureVisGenerated, FeatureVisGenerator } from './types'
import { useFeatureVisGeneration } from './useFeatureVisGeneration'

export interface FeatureVisTileProps {
  layer: string
  channel: number
  /** Generates the image on the fly (play button); without it the tile only shows `precomputed`. */
  generate?: FeatureVisGenerator
  /**
   * A precomputed image, shown until the user generates one: its URL, or what
   * `descriptor.featureVisualizations.image(layer, channel)` gives (an atlas tile, shown only under
   * the parameterisation it was made with).
   */
  precomputed?: string | PrecomputedFeatureVisImage
  /** Controlled parameterisation; without it the tile has its own toggle. */
  parameterization?: FeatureVisParameterization
  onParameterizationChange?: (value: FeatureVisParameterization) => void
  /** The decorrelated parameterisation the toggle offers besides `'pixel'` (default `'fourier'`). */
  decorrelated?: DecorrelatedParameterization
  /** Show the naive/decorrelated toggle in the tile (default: when `parameterization` is uncontrolled). */
  showParameterizationToggle?: boolean
  /** Drops generated images when it changes, e.g. `${model.id}@${model.version}` after an edit. */
  resetKey?: string | number
  /** CSS side in pixels (default 96). */
  size?: number
  /** Names the model in accessible labels. */
  label?: string
  className?: string
  style?: CSSProperties
}

/**
 * A feature visualization of one channel: a precomputed image when the model ships one, and a
 * play button that generates one for the chosen parameterisation (click again to cancel), with a
 * thin progress bar and an estimate of the time left ("≈ 12 s left"), and any error shown in
 * place. Never silently blank: without an image it says so ("No precomputed image"), and a run
 * that did not raise its channel (`responded: false`) says that in words over its image.
 */
export function FeatureVisTile({
  layer,
  channel,
  generate,
  precomputed,
  parameterization: controlledParameterization,
  onParameterizationChange,
  decorrelated = 'fourier',
  showParameterizationToggle,
  resetKey,
  size = 96,
  label,
  className,
  style,
}: FeatureVisTileProps) {
  const [parameterization, setParameterization] = useControllableState(controlledParameterization, decorrelated, onParameterizationChange)
  const { images, results, status, start, cancel } = useFeatureVisGeneration(generate, layer, channel, resetKey)
  const [failedUrl, setFailedUrl] = useState<string | null>(null)
  const stored = typeof precomputed === 'string' ? { url: precomputed } : precomputed
  const precomputedUrl = stored && (!stored.parameterization || stored.parameterization === parameterization) ? stored.url : undefined
  useEffect(() => setFailedUrl(null), [precomputedUrl])

  const image = images[parameterization]
  const unresponsive = results[parameterization]?.responded === false
  const running = status.kind === 'running'
  const showPrecomputed = !image && !!precomputedUrl && failedUrl !== precomputedUrl
  const empty = !image && !showPrecomputed
  const name = `${label ? `${label}, ` : ''}${layer} channel ${channel}`
  const toggle = showParameterizationToggle ?? controlledParameterization === undefined

  return (
    <div className={className} style={{ width: size, font: '11px system-ui, sans-serif', ...style }}>
      <div
        data-state={running ? 'running' : status.kind === 'error' ? 'error' : image ? (unresponsive ? 'unresponsive' : 'generated') : showPrecomputed ? 'precomputed' : 'empty'}
        style={{ position: 'relative', width: size, height: size, borderRadius: 4, overflow: 'hidden', background: '#e8e8e8' }}
      >
        {image ? <FeatureVisCanvas image={image} alt={`Feature visualization (${parameterization}), ${name}`} /> : null}
        {showPrecomputed ? (
          <img
            src={precomputedUrl}
            alt={`Precomputed feature visualization, ${name}`}
            onError={() => setFailedUrl(precomputedUrl!)}
            style={stored?.tile ? tileStyle(stored.tile, size) : { display: 'block', width: '100%', height: '100%', objectFit: 'cover' }}
          />
        ) : null}
        {showPrecomputed && stored?.responded === false ? (
          <div role="status" title="When this precomputed image is fed back to the model, the channel responds less than half of its layer's channels do." style={unresponsiveStyle}>
            This image does not raise its channel
          </div>
        ) : null}
        {generate ? (
          <button
            type="button"
            aria-label={running ? `Cancel feature visualization of ${name}` : `Generate feature visualization of ${name}`}
            title={running ? 'Cancel' : image ? 'Generate again' : 'Generate'}
            onClick={() => (running ? cancel() : start(parameterization))}
            style={playButtonStyle(empty && !running && status.kind !== 'error', size)}
          >
            {running ? '■' : '▶'}
          </button>
        ) : null}
        {running ? (
          <>
            {status.remainingMs !== undefined && status.step > 0 ? (
              <div aria-hidden style={{ ...captionStyle, bottom: 5 }}>
                {formatRemaining(status.remainingMs)}
              </div>
            ) : null}
            <div
              role="progressbar"
              aria-label={`Generating ${name}`}
              aria-valuemin={0}
              aria-valuemax={status.total || undefined}
              aria-valuenow={status.total ? status.step : undefined}
              aria-valuetext={status.total ? `step ${status.step} of ${status.total}${status.remainingMs !== undefined && status.step > 0 ? `, ${formatRemaining(status.remainingMs)}` : ''}` : undefined}
              style={{ position: 'absolute', left: 0, right: 0, bottom: 0, height: 3, background: 'rgba(0,0,0,0.15)' }}
            >
              <div style={{ width: `${status.total ? (100 * status.step) / status.total : 0}%`, height: '100%', background: '#1f6feb' }} />
            </div>
          </>
        ) : null}
        {image && unresponsive && !running && status.kind !== 'error' ? (
          <div role="status" title={unresponsiveDetail(results[parameterization]!)} style={unresponsiveStyle}>
            This channel did not respond to optimisation
          </div>
        ) : null}
        {empty && !running && status.kind !== 'error' && !(failedUrl && failedUrl === precomputedUrl) ? (
          <div style={{ ...captionStyle, bottom: 4 }}>{generate ? 'No precomputed image: ▶ generates one' : 'No feature visualization'}</div>
        ) : null}
        {status.kind === 'error' ? (
          <div role="alert" title={status.message} style={errorStyle}>
            {status.message}
          </div>
        ) : null}
        {failedUrl && failedUrl === precomputedUrl && !image && status.kind !== 'error' ? (
          <div style={{ position: 'absolute', left: 4, right: 4, bottom: 4, color: '#666' }}>precomputed image failed to load</div>
        ) : null}
      </div>
      {toggle ? <ParameterizationToggle value={parameterization} onChange={setParameterization} decorrelated={decorrelated} style={{ marginTop: 2 }} /> : null}
    </div>
  )
}

/** An atlas tile scaled to the tile's side: the whole atlas, shifted so that only the tile shows through. */
function tileStyle({ x, y, size: side, atlasWidth, atlasHeight }: NonNullable<PrecomputedFeatureVisImage['tile']>, size: number): CSSProperties {
  const scale = size / side
  return { position: 'absolute', left: -x * scale, top: -y * scale, width: atlasWidth * scale, height: atlasHeight * scale, maxWidth: 'none' }
}

function playButtonStyle(centred: boolean, size: number): CSSProperties {
  const side = centred ? Math.round(size / 3) : 20
  return {
    position: 'absolute',
    ...(centred ? { left: (size - side) / 2, top: (size - side) / 2 } : { right: 3, top: 3 }),
    width: side,
    height: side,
    padding: 0,
    border: 'none',
    borderRadius: '50%',
    background: 'rgba(255,255,255,0.85)',
    boxShadow: '0 1px 3px rgba(0,0,0,0.3)',
    cursor: 'pointer',
    zIndex: 1,
    fontSize: Math.round(side * 0.45),
    lineHeight: 1,
  }
}

/** "≈ 12 s left", "≈ 3 min left". */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  return seconds < 90 ? `≈ ${seconds} s left` : `≈ ${Math.round(seconds / 60)} min left`
}

function unresponsiveDetail({ objective, startObjective, layerMedian }: FeatureVisGenerated): string {
  const n = (v: number | undefined) => (v === undefined ? '?' : v.toPrecision(3))
  return `The image does not drive this channel: its response ${n(objective)} (start ${n(startObjective)}) is not above the start and the layer's median response ${n(layerMedian)}. It may be pruned, or dead for every input.`
}

const captionStyle: CSSProperties = { position: 'absolute', left: 4, right: 4, textAlign: 'center', color: '#555', lineHeight: 1.2, pointerEvents: 'none' }

// over the (flat) image: what the user needs to know about it
const unresponsiveStyle: CSSProperties = {
  position: 'absolute',
  left: 0,
  right: 0,
  bottom: 0,
  padding: '3px 4px',
  background: 'rgba(40,40,40,0.8)',
  color: '#fff',
  lineHeight: 1.2,
}

// covers the tile: a failure is what the user needs to read there (the full text is its title)
const errorStyle: CSSProperties = {
  position: 'absolute',
  inset: 0,
  padding: '24px 4px 4px',
  background: 'rgba(160,0,0,0.85)',
  color: '#fff',
  overflow: 'hidden',
  overflowWrap: 'anywhere',
}

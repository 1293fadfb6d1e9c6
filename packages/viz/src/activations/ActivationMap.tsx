import { useLayoutEffect, useRef, useState, type CSSProperties, type PointerEvent } from 'react'
import type { ActivationMaps } from '@perturber/model-runtime'
import { clearCanvas, paintCanvas, type CanvasPaintCache } from '../canvas/paintCanvas'
import { activationToRgba, type ActivationColorScheme } from './activationToRgba'
import { activationAt, cellAtPointer, formatActivation, mapOffset, mapSize, type MapCell } from './mapLookup'
import { resolveDivisor } from './normalization'

export interface ActivationMapProps {
  /** One model's maps for one layer (a `FrameResult`'s `activations`); none yet draws an empty map. */
  maps?: ActivationMaps | null
  /** The channel to show; it must be among `maps.channels`. */
  channel: number
  /** The log10 normalisation slider value; 0 (default) = 4 standard deviations of the whole layer. */
  normalization?: number
  /** The maps belong to an older frame than the one on screen: drawn dimmed. */
  stale?: boolean
  /** Outline colour, e.g. the model's slot colour. */
  color?: string
  /** CSS width in pixels (the height follows the map's aspect ratio). Default 96. */
  size?: number
  scheme?: ActivationColorScheme
  /** Names the model in the accessible label, e.g. "Model 1". */
  label?: string
  className?: string
  style?: CSSProperties
}

/**
 * A live activation map: one `<canvas>` at the map's own resolution, repainted in place with
 * `putImageData` whenever `maps` (by identity), the channel or the normalisation change, and
 * scaled up by CSS with nearest-neighbour sampling. Hovering shows the channel and the value
 * under the pointer.
 */
export function ActivationMap({ maps, channel, normalization = 0, stale = false, color, size = 96, scheme = 'dark', label, className, style }: ActivationMapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const paintCache = useRef<CanvasPaintCache>({})
  const [hover, setHover] = useState<MapCell | null>(null)
  const dims = maps ? mapSize(maps) : null
  const divisor = maps ? resolveDivisor(normalization, maps.layerStd) : undefined
  const missing = !!maps && mapOffset(maps, channel) < 0

  // keyed on the data's identity: each new result repaints the same canvas, nothing is re-created
  useLayoutEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const offset = maps ? mapOffset(maps, channel) : -1
    if (!maps || offset < 0 || divisor === undefined) {
      clearCanvas(canvas, paintCache.current)
      return
    }
    const { height, width } = mapSize(maps)
    paintCanvas(canvas, width, height, (pixels) => activationToRgba(maps.data, divisor, { offset, length: width * height, scheme, out: pixels }), paintCache.current)
  }, [maps, channel, divisor, scheme])

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!dims) return
    const cell = cellAtPointer(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect(), dims.width, dims.height)
    // re-render only when the pointer enters another cell
    setHover((previous) => (previous && cell && previous.x === cell.x && previous.y === cell.y ? previous : cell))
  }

  const value = maps && hover ? activationAt(maps, channel, hover) : undefined
  const name = `${label ? `${label}, ` : ''}channel ${channel}`
  return (
    <div
      className={className}
      data-stale={stale || undefined}
      data-divisor={divisor}
      style={{ position: 'relative', width: size, opacity: stale ? 0.4 : 1, transition: 'opacity 120ms', ...style }}
    >
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Activation map, ${name}${missing ? ' (not computed)' : ''}`}
        width={dims?.width ?? 1}
        height={dims?.height ?? 1}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
        style={{
          display: 'block',
          width: '100%',
          height: 'auto',
          aspectRatio: dims ? `${dims.width} / ${dims.height}` : '1',
          imageRendering: 'pixelated',
          background: scheme === 'dark' ? '#000' : '#fff',
          outline: `1px solid ${color ?? 'rgba(0,0,0,0.2)'}`,
          cursor: 'crosshair',
        }}
      />
      {hover && value !== undefined ? (
        <div role="tooltip" style={tooltipStyle}>
          ch {channel} · {formatActivation(value)}
          <span style={{ opacity: 0.7 }}> @ {hover.x},{hover.y}</span>
        </div>
      ) : null}
    </div>
  )
}

const tooltipStyle: CSSProperties = {
  position: 'absolute',
  left: 2,
  top: 2,
  padding: '1px 4px',
  borderRadius: 3,
  background: 'rgba(0,0,0,0.75)',
  color: '#fff',
  font: '11px/1.3 ui-monospace, SFMono-Regular, Menlo, monospace',
  whiteSpace: 'nowrap',
  pointerEvents: 'none',
}

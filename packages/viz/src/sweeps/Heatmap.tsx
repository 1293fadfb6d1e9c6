import { useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react'
import { paintCanvas, type CanvasPaintCache } from '../canvas/paintCanvas'
import { cellAtPointer } from '../activations/mapLookup'
import { Axis } from './Axis'
import { chartFont, tooltipPosition, tooltipStyle, type Margins } from './chartStyles'
import { ColorBar } from './ColorBar'
import { valuesToRgba, type HeatmapScale } from './colorScale'
import { finiteExtent, formatNumber, fractionalIndex, nearestIndex, niceTicks, padDomain } from './scale'

export interface HeatmapProps {
  /** Sample positions along x (columns), ascending. */
  x: readonly number[]
  /** Sample positions along y (rows), ascending; row 0 is drawn at the bottom, as on a plot. */
  y: readonly number[]
  /** Row-major: `values[iy * x.length + ix]`; NaN is "no value", drawn hatched. */
  values: ArrayLike<number>
  /** Heading, and the accessible name, e.g. "Model 1". */
  title: string
  xLabel: string
  yLabel: string
  /** Names the value in the tooltip. Default "value". */
  valueLabel?: string
  /** Values the colours span; default the data's extent. Give several heatmaps one domain to compare them. */
  domain?: readonly [number, number]
  /** Sequential (viridis) by default; diverging is blue–white–red centred on 0. */
  scale?: HeatmapScale
  /** Width in px, axes included. Default 280. */
  width?: number
  /** Height in px, axes included (title and colour bar add to it). Default 240. */
  height?: number
  /** A point to mark in data coordinates, e.g. the live state. */
  marker?: { x: number; y: number }
  /** Clicking a cell (or Enter on the focused one) picks it; `index` is its position in `values`. */
  onPick?: (ix: number, iy: number, index: number) => void
  formatValue?: (value: number) => string
  formatX?: (value: number) => string
  formatY?: (value: number) => string
  className?: string
  style?: CSSProperties
}

interface Cell {
  ix: number
  iy: number
}

const MARGINS: Margins = { top: 4, right: 8, bottom: 38, left: 48 }

/**
 * A 2D sweep as a grid of coloured cells, painted on one `<canvas>` at one pixel per cell and
 * scaled up without smoothing, so a 100×100 sweep is a single `putImageData`. Axes, marker and
 * hover outline are SVG on top. Hover (or focus and arrow keys) shows x, y and the value; click
 * or Enter picks the cell.
 */
export function Heatmap({ x, y, values, title, xLabel, yLabel, valueLabel = 'value', domain, scale = 'sequential', width = 280, height = 240, marker, onPick, formatValue = formatNumber, formatX = formatNumber, formatY = formatNumber, className, style }: HeatmapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const paintCache = useRef<CanvasPaintCache>({})
  const [hover, setHover] = useState<Cell | null>(null)
  const tooltipId = useId()
  const nx = x.length
  const ny = y.length
  const plot = { left: MARGINS.left, top: MARGINS.top, width: Math.max(1, width - MARGINS.left - MARGINS.right), height: Math.max(1, height - MARGINS.top - MARGINS.bottom) }
  const cw = plot.width / Math.max(1, nx)
  const ch = plot.height / Math.max(1, ny)
  const extent = finiteExtent(values) ?? [0, 1]
  const [lo, hi] = domain ?? (extent[0] === extent[1] ? padDomain(extent) : extent)

  useLayoutEffect(() => {
    if (canvasRef.current && nx > 0 && ny > 0)
      paintCanvas(canvasRef.current, nx, ny, (pixels) => valuesToRgba(values, [lo, hi], scale, { out: pixels, width: nx, flipY: true }), paintCache.current)
  }, [values, nx, ny, lo, hi, scale])

  // cell centres in px: index i of n sits at (i + ½) cells; y counts up from the bottom
  const cx = (ix: number) => plot.left + (ix + 0.5) * cw
  const cy = (iy: number) => plot.top + (ny - 0.5 - iy) * ch
  const at = (fi: number | undefined, toPx: (i: number) => number) => (fi === undefined ? undefined : toPx(fi))

  const hovered = hover && hover.ix < nx && hover.iy < ny ? hover : null
  const cellAt = (event: MouseEvent<HTMLCanvasElement>): Cell | null => {
    const cell = cellAtPointer(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect(), nx, ny)
    return cell ? { ix: cell.x, iy: ny - 1 - cell.y } : null
  }
  const pick = (cell: Cell) => onPick?.(cell.ix, cell.iy, cell.iy * nx + cell.ix)
  const startCell = (): Cell => (marker ? { ix: Math.max(0, nearestIndex(x, marker.x)), iy: Math.max(0, nearestIndex(y, marker.y)) } : { ix: 0, iy: 0 })

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (nx === 0 || ny === 0) return
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }
    const move = moves[event.key]
    if (move) {
      // the first arrow shows where the cursor is before moving it
      const c = hovered ?? startCell()
      setHover(hovered ? { ix: Math.min(nx - 1, Math.max(0, c.ix + move[0])), iy: Math.min(ny - 1, Math.max(0, c.iy + move[1])) } : c)
    } else if (event.key === 'Escape') setHover(null)
    else if ((event.key === 'Enter' || event.key === ' ') && hovered && onPick) pick(hovered)
    else return
    event.preventDefault()
  }

  const value = hovered ? values[hovered.iy * nx + hovered.ix] : Number.NaN
  const markerPx = marker ? { left: at(fractionalIndex(x, marker.x), cx), top: at(fractionalIndex(y, marker.y), cy) } : undefined
  const xTicks = nx ? niceTicks(x[0], x[nx - 1], Math.max(2, Math.round(plot.width / 60))) : []
  const yTicks = ny ? niceTicks(y[0], y[ny - 1], Math.max(2, Math.round(plot.height / 40))) : []
  return (
    <div className={className} style={{ display: 'inline-flex', flexDirection: 'column', gap: 4, font: chartFont, ...style }}>
      <div style={{ fontWeight: 600, paddingLeft: MARGINS.left }}>{title}</div>
      <div
        role="group"
        aria-roledescription="heatmap"
        aria-label={`${title}: ${valueLabel} over ${xLabel} and ${yLabel}`}
        aria-describedby={hovered ? tooltipId : undefined}
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Enter Escape"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => setHover((h) => h ?? startCell())}
        onBlur={() => setHover(null)}
        style={{ position: 'relative', width, height }}
      >
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`${title}: ${nx}×${ny} cells`}
          width={Math.max(1, nx)}
          height={Math.max(1, ny)}
          onPointerMove={(event) => {
            const cell = cellAt(event)
            // re-render only when the pointer enters another cell
            setHover((h) => (h && cell && h.ix === cell.ix && h.iy === cell.iy ? h : cell))
          }}
          onPointerLeave={() => setHover(null)}
          onClick={(event) => {
            const cell = cellAt(event)
            if (cell) pick(cell)
          }}
          style={{
            position: 'absolute',
            ...plot,
            imageRendering: 'pixelated',
            // shows through the transparent NaN cells
            background: 'repeating-linear-gradient(45deg, #d5d9de 0 2px, #f4f5f7 2px 6px)',
            cursor: onPick ? 'pointer' : 'crosshair',
          }}
        />
        <svg width={width} height={height} aria-hidden="true" style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible', pointerEvents: 'none' }}>
          <Axis orient="bottom" ticks={xTicks} position={(v) => at(fractionalIndex(x, v), cx)} extent={[plot.left, plot.left + plot.width]} offset={plot.top + plot.height} format={formatX} label={xLabel} />
          <Axis orient="left" ticks={yTicks} position={(v) => at(fractionalIndex(y, v), cy)} extent={[plot.top + plot.height, plot.top]} offset={plot.left} format={formatY} label={yLabel} />
          {markerPx?.left !== undefined && markerPx.top !== undefined ? (
            <g data-marker transform={`translate(${markerPx.left},${markerPx.top})`} fill="none">
              <circle r={Math.max(3, Math.min(cw, ch) / 3)} stroke="#fff" strokeWidth={3} />
              <circle r={Math.max(3, Math.min(cw, ch) / 3)} stroke="#1c1e21" strokeWidth={1.5} />
            </g>
          ) : null}
          {hovered ? (
            <g data-hover-cell fill="none">
              <rect x={cx(hovered.ix) - cw / 2} y={cy(hovered.iy) - ch / 2} width={cw} height={ch} stroke="#1c1e21" strokeWidth={3} />
              <rect x={cx(hovered.ix) - cw / 2} y={cy(hovered.iy) - ch / 2} width={cw} height={ch} stroke="#fff" strokeWidth={1} />
            </g>
          ) : null}
        </svg>
        {hovered ? (
          <div role="tooltip" id={tooltipId} style={{ ...tooltipStyle, ...tooltipPosition(cx(hovered.ix), cy(hovered.iy) - ch / 2, width, cw / 2 + 6) }}>
            <div>
              {xLabel} {formatX(x[hovered.ix])}
            </div>
            <div>
              {yLabel} {formatY(y[hovered.iy])}
            </div>
            <div>
              {valueLabel} {Number.isNaN(value) ? 'no value' : formatValue(value)}
            </div>
          </div>
        ) : null}
      </div>
      <ColorBar domain={[lo, hi]} scale={scale} format={formatValue} width={Math.min(plot.width, 160)} style={{ marginLeft: MARGINS.left }} />
    </div>
  )
}

import { useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react'
import { Axis } from './Axis'
import { AXIS_COLOR, GRID_COLOR, chartFont, seriesColor, tooltipPosition, tooltipStyle, type Margins } from './chartStyles'
import { Legend } from './Legend'
import { bandPath, linePath } from './paths'
import { finiteExtent, formatNumber, linearScale, nearestIndex, niceTicks, padDomain } from './scale'

/** One curve of a line plot. */
export interface LinePlotSeries {
  /** Shown in the legend and the tooltip, e.g. a model's name. */
  name: string
  /** Stroke colour, e.g. `modelColors.model1`; default: a categorical palette by position. */
  color?: string
  /** One value per `x` sample; NaN is a missing sample, drawn as a gap. */
  values: readonly number[]
  /** A spread drawn as a translucent area behind the curve, e.g. min–max or ±1σ over random samples. */
  band?: { low: readonly number[]; high: readonly number[] }
}

export interface LinePlotProps {
  /** Sample positions, ascending (e.g. yaw angles). */
  x: readonly number[]
  series: readonly LinePlotSeries[]
  xLabel: string
  yLabel: string
  /** The y axis' range; default: the data's extent (bands included), padded by 5%. */
  yDomain?: readonly [number, number]
  /** Width of the plot in px, axes included. Default 360. */
  width?: number
  /** Height of the plot in px, axes included (the legend adds to it). Default 200. */
  height?: number
  /** An x position to mark with a vertical line, e.g. the live state's value. */
  marker?: number
  /** Clicking (or Enter) picks the sample nearest to the pointer (or the one hovered by keyboard). */
  onPick?: (index: number) => void
  formatX?: (value: number) => string
  formatY?: (value: number) => string
  className?: string
  style?: CSSProperties
}

const MARGINS: Margins = { top: 8, right: 14, bottom: 38, left: 48 }

/**
 * Tuning curves: one line per series over a sweep's samples, with optional spread bands, a
 * marker for the live value and a legend. Hovering (or focusing and using ← → Home End) shows a
 * guide and every series' value at the nearest sample; click or Enter picks it.
 */
export function LinePlot({ x, series, xLabel, yLabel, yDomain, width = 360, height = 200, marker, onPick, formatX = formatNumber, formatY = formatNumber, className, style }: LinePlotProps) {
  const [hover, setHover] = useState<number | null>(null)
  const tooltipId = useId()
  // React's ids contain characters that break a url(#…) reference
  const clipId = `${tooltipId.replace(/[^\w-]/g, '')}-clip`
  const plot = { left: MARGINS.left, right: width - MARGINS.right, top: MARGINS.top, bottom: height - MARGINS.bottom }
  const colors = series.map((s, i) => seriesColor(s.color, i))
  const [y0, y1] = yDomain ?? [Number.NaN, Number.NaN]

  const layout = useMemo(() => {
    const xExtent = finiteExtent(x) ?? [0, 1]
    const sx = linearScale(xExtent[0] === xExtent[1] ? padDomain(xExtent) : xExtent, [plot.left, plot.right])
    const dataY = finiteExtent(...series.flatMap((s) => [s.values, s.band?.low, s.band?.high]))
    const sy = linearScale(Number.isFinite(y0) && Number.isFinite(y1) ? [y0, y1] : padDomain(dataY ?? [0, 1]), [plot.bottom, plot.top])
    return {
      sx,
      sy,
      xTicks: niceTicks(sx.domain[0], sx.domain[1], Math.max(2, Math.round((plot.right - plot.left) / 50))),
      yTicks: niceTicks(sy.domain[0], sy.domain[1], Math.max(2, Math.round((plot.bottom - plot.top) / 35))),
      lines: series.map((s) => linePath(x, s.values, sx, sy)),
      bands: series.map((s) => (s.band ? bandPath(x, s.band.low, s.band.high, sx, sy) : '')),
    }
  }, [x, series, y0, y1, plot.left, plot.right, plot.top, plot.bottom])
  const { sx, sy } = layout

  const hovered = hover !== null && hover < x.length ? hover : null
  const startIndex = () => Math.max(0, marker === undefined ? 0 : nearestIndex(x, marker))
  const indexAt = (event: MouseEvent<SVGSVGElement>) => {
    const rect = event.currentTarget.getBoundingClientRect()
    if (!(rect.width > 0)) return -1
    return nearestIndex(x, sx.invert((event.clientX - rect.left) * (width / rect.width)))
  }

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const last = x.length - 1
    if (last < 0) return
    const current = hovered ?? startIndex()
    if (event.key === 'ArrowLeft') setHover(hovered === null ? current : Math.max(0, current - 1))
    else if (event.key === 'ArrowRight') setHover(hovered === null ? current : Math.min(last, current + 1))
    else if (event.key === 'Home') setHover(0)
    else if (event.key === 'End') setHover(last)
    else if (event.key === 'Escape') setHover(null)
    else if ((event.key === 'Enter' || event.key === ' ') && hovered !== null && onPick) onPick(hovered)
    else return
    event.preventDefault()
  }

  const guideX = hovered !== null ? sx(x[hovered]) : 0
  return (
    <div className={className} style={{ display: 'inline-flex', flexDirection: 'column', gap: 4, font: chartFont, ...style }}>
      <Legend items={series.map((s, i) => ({ name: s.name, color: colors[i] }))} label={`${yLabel}: series`} style={{ paddingLeft: MARGINS.left }} />
      <div style={{ position: 'relative', width, height }}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-roledescription="line plot"
          aria-label={`${yLabel} against ${xLabel}`}
          aria-describedby={hovered !== null ? tooltipId : undefined}
          aria-keyshortcuts="ArrowLeft ArrowRight Home End Enter Escape"
          tabIndex={0}
          onPointerMove={(event) => {
            const index = indexAt(event)
            if (index >= 0) setHover(index)
          }}
          onPointerLeave={() => setHover(null)}
          onClick={(event) => {
            const index = indexAt(event)
            if (index >= 0) onPick?.(index)
          }}
          onFocus={() => setHover((h) => h ?? startIndex())}
          onBlur={() => setHover(null)}
          onKeyDown={onKeyDown}
          style={{ display: 'block', overflow: 'visible', cursor: onPick ? 'pointer' : 'crosshair' }}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={plot.left} y={plot.top} width={Math.max(0, plot.right - plot.left)} height={Math.max(0, plot.bottom - plot.top)} />
            </clipPath>
          </defs>
          <g aria-hidden="true">
            {layout.yTicks.map((t) => (
              <line key={t} x1={plot.left} x2={plot.right} y1={sy(t)} y2={sy(t)} stroke={GRID_COLOR} />
            ))}
          </g>
          <Axis orient="bottom" ticks={layout.xTicks} position={sx} extent={[plot.left, plot.right]} offset={plot.bottom} format={formatX} label={xLabel} />
          <Axis orient="left" ticks={layout.yTicks} position={sy} extent={[plot.bottom, plot.top]} offset={plot.left} format={formatY} label={yLabel} />
          <g clipPath={`url(#${clipId})`} aria-hidden="true">
            {series.map((s, i) => (layout.bands[i] ? <path key={`band-${i}`} data-band={s.name} d={layout.bands[i]} fill={colors[i]} fillOpacity={0.18} stroke="none" /> : null))}
            {series.map((s, i) => (
              <path key={`line-${i}`} data-series={s.name} d={layout.lines[i]} fill="none" stroke={colors[i]} strokeWidth={1.75} strokeLinejoin="round" strokeLinecap="round" />
            ))}
            {marker !== undefined && marker >= sx.domain[0] && marker <= sx.domain[1] ? (
              <line data-marker x1={sx(marker)} x2={sx(marker)} y1={plot.top} y2={plot.bottom} stroke="#1c1e21" strokeDasharray="4 3" />
            ) : null}
            {hovered !== null ? (
              <g data-guide>
                <line x1={guideX} x2={guideX} y1={plot.top} y2={plot.bottom} stroke={AXIS_COLOR} strokeWidth={1} />
                {series.map((s, i) =>
                  Number.isFinite(s.values[hovered]) ? <circle key={i} cx={guideX} cy={sy(s.values[hovered])} r={3} fill={colors[i]} stroke="#fff" /> : null,
                )}
              </g>
            ) : null}
          </g>
        </svg>
        {hovered !== null ? (
          <div role="tooltip" id={tooltipId} style={{ ...tooltipStyle, ...tooltipPosition(guideX, plot.top, width) }}>
            <div>
              {xLabel} {formatX(x[hovered])}
            </div>
            {series.map((s, i) => (
              <div key={i}>
                <span aria-hidden="true" style={{ display: 'inline-block', width: 8, height: 8, marginRight: 4, borderRadius: '50%', background: colors[i] }} />
                {s.name}: {Number.isFinite(s.values[hovered]) ? formatY(s.values[hovered]) : '–'}
                {s.band && Number.isFinite(s.band.low[hovered]) && Number.isFinite(s.band.high[hovered]) ? ` (${formatY(s.band.low[hovered])} – ${formatY(s.band.high[hovered])})` : ''}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  )
}

import { useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react'
import { Axis } from './Axis'
import { AXIS_COLOR, GRID_COLOR, chartFont, seriesColor, tooltipPosition, tooltipStyle, type Margins } from './chartStyles'
import { Legend } from './Legend'
import { finiteExtent, formatNumber, linearScale, niceTicks, type LinearScale } from './scale'

/** One set of bars of a bar chart, a bar per group. */
export interface BarChartSeries {
  /** Shown in the legend, the tooltip and the bars' titles, e.g. a model's name. */
  name: string
  /** Fill colour, e.g. `modelColors.model1`; default: a categorical palette by position. */
  color?: string
  /** One value per group; NaN is a missing value: no bar, "—" in the tooltip. */
  values: readonly number[]
  /** Half-length of each bar's error bar, e.g. one standard deviation, drawn as a whisker with caps; NaN draws none. */
  errors?: readonly number[]
}

export interface BarChartProps {
  /** Category labels along x, e.g. the scene objects. */
  groups: readonly string[]
  series: readonly BarChartSeries[]
  yLabel: string
  /** Axis title under the group labels. */
  xLabel?: string
  /** The y axis' range; default: 0 to the largest value + error (down to the smallest value − error when one is negative; `reference` included), padded by 5% away from 0. */
  yDomain?: readonly [number, number]
  /** A value to mark with a dashed horizontal line and its label, e.g. chance level. */
  reference?: { value: number; label: string }
  /** Width of the chart in px, axes included. Default 360. */
  width?: number
  /** Height of the chart in px, axes and group labels included (the legend adds to it). Default 200. */
  height?: number
  formatY?: (value: number) => string
  className?: string
  style?: CSSProperties
}

const MARGINS: Margins = { top: 8, right: 14, bottom: 38, left: 48 }
const TICK = 4
/** The tick labels' font size (as `Axis` draws them) and an estimate of a character's width at it. */
const FONT_SIZE = 10
const CHAR_WIDTH = 0.6 * FONT_SIZE
/** Group labels too wide for their group are turned by this much (degrees, counter-clockwise). */
const LABEL_ANGLE = -35
/** The share of a group's width left empty, half on either side of its bars. */
const GROUP_PADDING = 0.2
/** The share of a bar's slot left empty between neighbouring bars. */
const BAR_GAP = 0.1
const MISSING = '—'

const labelWidth = (label: string) => label.length * CHAR_WIDTH
const finiteOr = (value: number | undefined, otherwise: number) => (value !== undefined && Number.isFinite(value) ? value : otherwise)

/**
 * Grouped vertical bars: one bar per series in every group (e.g. a score per scene object for
 * each model), with optional ± error bars, a dashed reference line (e.g. chance) and a legend
 * when there are several series. Group labels turn by 35° when they would overlap. Hovering a
 * group (or focusing and using ← → Home End) shows every series' value in it.
 */
export function BarChart({ groups, series, yLabel, xLabel, yDomain, reference, width = 360, height = 200, formatY = formatNumber, className, style }: BarChartProps) {
  const [hover, setHover] = useState<number | null>(null)
  const tooltipId = useId()
  // React's ids contain characters that break a url(#…) reference
  const clipId = `${tooltipId.replace(/[^\w-]/g, '')}-clip`
  const n = groups.length
  const colors = series.map((s, i) => seriesColor(s.color, i))
  const [y0, y1] = yDomain ?? [Number.NaN, Number.NaN]
  const referenceValue = reference?.value

  // group labels: side by side when each fits its group, else turned, with room made under the plot
  const band = Math.max(1, width - MARGINS.left - MARGINS.right) / Math.max(1, n)
  const widest = Math.max(0, ...groups.map(labelWidth))
  const rotated = widest > band - 4
  const sin = Math.sin((-LABEL_ANGLE * Math.PI) / 180)
  const titleRoom = xLabel ? 16 : 0
  // turned labels may take up to 45% of the height; longer ones are cut short with an ellipsis
  const maxLabelWidth = Math.max(CHAR_WIDTH * 4, (height * 0.45 - TICK - 10 - titleRoom) / sin)
  const shown = rotated ? groups.map((g) => (labelWidth(g) <= maxLabelWidth ? g : `${g.slice(0, Math.max(1, Math.floor(maxLabelWidth / CHAR_WIDTH) - 1))}…`)) : groups
  const bottom = rotated ? Math.ceil(TICK + 10 + Math.max(0, ...shown.map(labelWidth)) * sin) + titleRoom : MARGINS.bottom - 16 + titleRoom
  const plot = { left: MARGINS.left, right: width - MARGINS.right, top: MARGINS.top, bottom: height - bottom }

  const layout = useMemo(() => {
    let sy: LinearScale
    if (Number.isFinite(y0) && Number.isFinite(y1)) sy = linearScale([y0, y1], [plot.bottom, plot.top])
    else {
      const plus = series.map((s) => s.values.map((v, i) => v + Math.abs(finiteOr(s.errors?.[i], 0))))
      const minus = series.map((s) => s.values.map((v, i) => v - Math.abs(finiteOr(s.errors?.[i], 0))))
      const [lo, hi] = finiteExtent(...plus, ...minus, referenceValue === undefined ? undefined : [referenceValue]) ?? [0, 0]
      // bars grow from 0: the domain always holds it, and is padded only away from it
      const low = Math.min(0, lo)
      const high = Math.max(0, hi)
      const pad = (high - low) * 0.05
      sy = linearScale(high === low ? [0, 1] : [low < 0 ? low - pad : low, high > 0 ? high + pad : high], [plot.bottom, plot.top])
    }
    const [d0, d1] = sy.domain
    return {
      sy,
      // bars start at 0, or at the domain's edge nearest to it when it leaves 0 out
      base: sy(Math.min(Math.max(0, Math.min(d0, d1)), Math.max(d0, d1))),
      yTicks: niceTicks(d0, d1, Math.max(2, Math.round((plot.bottom - plot.top) / 35))),
    }
  }, [series, y0, y1, referenceValue, plot.top, plot.bottom])
  const { sy, base } = layout

  // bars: group i spans [left + i·band, left + (i + 1)·band]; its bars share the middle 80%
  const slot = (band * (1 - GROUP_PADDING)) / Math.max(1, series.length)
  const groupCentre = (i: number) => plot.left + (i + 0.5) * band
  const barCentre = (i: number, j: number) => plot.left + i * band + (band * GROUP_PADDING) / 2 + (j + 0.5) * slot
  const capHalf = Math.min(4, slot * 0.25)

  const errorOf = (s: BarChartSeries, i: number) => {
    const e = s.errors?.[i]
    return e !== undefined && Number.isFinite(e) ? Math.abs(e) : undefined
  }
  const valueText = (s: BarChartSeries, i: number) => {
    const v = s.values[i]
    if (!Number.isFinite(v)) return MISSING
    const e = errorOf(s, i)
    return e === undefined ? formatY(v) : `${formatY(v)} ± ${formatY(e)}`
  }

  const hovered = hover !== null && hover < n ? hover : null
  const indexAt = (event: MouseEvent<SVGSVGElement>) => {
    const rect = event.currentTarget.getBoundingClientRect()
    if (!(rect.width > 0) || n === 0) return -1
    const px = (event.clientX - rect.left) * (width / rect.width)
    return Math.min(n - 1, Math.max(0, Math.floor((px - plot.left) / band)))
  }

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const last = n - 1
    if (last < 0) return
    const current = hovered ?? 0
    if (event.key === 'ArrowLeft') setHover(hovered === null ? current : Math.max(0, current - 1))
    else if (event.key === 'ArrowRight') setHover(hovered === null ? current : Math.min(last, current + 1))
    else if (event.key === 'Home') setHover(0)
    else if (event.key === 'End') setHover(last)
    else if (event.key === 'Escape') setHover(null)
    else return
    event.preventDefault()
  }

  const [d0, d1] = sy.domain
  const showReference = reference !== undefined && Number.isFinite(reference.value) && reference.value >= Math.min(d0, d1) && reference.value <= Math.max(d0, d1)
  const indices = groups.map((_, i) => i)
  return (
    <div className={className} style={{ display: 'inline-flex', flexDirection: 'column', gap: 4, font: chartFont, ...style }}>
      <div style={{ position: 'relative', width, height }}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-roledescription="bar chart"
          aria-label={xLabel ? `${yLabel} by ${xLabel}` : yLabel}
          aria-describedby={hovered !== null ? tooltipId : undefined}
          aria-keyshortcuts="ArrowLeft ArrowRight Home End Escape"
          tabIndex={0}
          onPointerMove={(event) => {
            const index = indexAt(event)
            if (index >= 0) setHover(index)
          }}
          onPointerLeave={() => setHover(null)}
          onFocus={() => setHover((h) => h ?? (n > 0 ? 0 : null))}
          onBlur={() => setHover(null)}
          onKeyDown={onKeyDown}
          style={{ display: 'block', overflow: 'visible', cursor: 'crosshair' }}
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
            {hovered !== null ? <rect data-hover-group x={plot.left + hovered * band} y={plot.top} width={band} height={Math.max(0, plot.bottom - plot.top)} fill={AXIS_COLOR} fillOpacity={0.1} /> : null}
          </g>
          <Axis
            orient="bottom"
            ticks={rotated ? [] : indices}
            position={groupCentre}
            extent={[plot.left, plot.right]}
            offset={plot.bottom}
            format={(i) => groups[i] ?? ''}
            label={xLabel}
            labelOffset={bottom - 10}
          />
          {rotated ? (
            <g aria-hidden="true" fill={AXIS_COLOR} fontSize={FONT_SIZE} data-axis="bottom" data-rotated={LABEL_ANGLE}>
              {indices.map((i) => (
                <g key={i} transform={`translate(${groupCentre(i)},${plot.bottom})`}>
                  <line y2={TICK} stroke={AXIS_COLOR} />
                  <text transform={`translate(-2,${TICK + 6}) rotate(${LABEL_ANGLE})`} dy="0.32em" textAnchor="end">
                    {shown[i]}
                  </text>
                </g>
              ))}
            </g>
          ) : null}
          <Axis orient="left" ticks={layout.yTicks} position={sy} extent={[plot.bottom, plot.top]} offset={plot.left} format={formatY} label={yLabel} />
          <g clipPath={`url(#${clipId})`}>
            {series.map((s, j) =>
              groups.map((group, i) => {
                const v = s.values[i]
                if (!Number.isFinite(v)) return null
                const y = sy(v)
                return (
                  <rect key={`bar-${j}-${i}`} data-series={s.name} data-group={group} x={barCentre(i, j) - (slot * (1 - BAR_GAP)) / 2} y={Math.min(y, base)} width={slot * (1 - BAR_GAP)} height={Math.abs(base - y)} fill={colors[j]}>
                    <title>{`${group} · ${s.name}: ${valueText(s, i)}`}</title>
                  </rect>
                )
              }),
            )}
            <g aria-hidden="true">
              {series.map((s, j) =>
                groups.map((group, i) => {
                  const v = s.values[i]
                  const e = errorOf(s, i)
                  if (!Number.isFinite(v) || !e) return null
                  const cx = barCentre(i, j)
                  const [top, low] = [sy(v + e), sy(v - e)]
                  return (
                    <g key={`error-${j}-${i}`} data-error data-series={s.name} data-group={group} stroke="#1c1e21" strokeWidth={1}>
                      <line data-whisker x1={cx} x2={cx} y1={top} y2={low} />
                      <line x1={cx - capHalf} x2={cx + capHalf} y1={top} y2={top} />
                      <line x1={cx - capHalf} x2={cx + capHalf} y1={low} y2={low} />
                    </g>
                  )
                }),
              )}
            </g>
          </g>
          {showReference ? (
            <g data-reference>
              <title>{`${reference.label}: ${formatY(reference.value)}`}</title>
              <line x1={plot.left} x2={plot.right} y1={sy(reference.value)} y2={sy(reference.value)} stroke="#1c1e21" strokeDasharray="4 3" />
              {/* a white halo keeps the label legible over a bar */}
              <text x={plot.right - 2} y={sy(reference.value) - 3} textAnchor="end" fontSize={FONT_SIZE} fill="#1c1e21" stroke="#fff" strokeWidth={3} strokeLinejoin="round" paintOrder="stroke">
                {reference.label}
              </text>
            </g>
          ) : null}
        </svg>
        {hovered !== null ? (
          <div role="tooltip" id={tooltipId} style={{ ...tooltipStyle, ...tooltipPosition(groupCentre(hovered), plot.top, width, band / 2 + 6) }}>
            <div>{groups[hovered]}</div>
            {series.map((s, j) => (
              <div key={j}>
                <span aria-hidden="true" style={{ display: 'inline-block', width: 8, height: 8, marginRight: 4, borderRadius: 2, background: colors[j] }} />
                {s.name}: {valueText(s, hovered)}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      {series.length > 1 ? <Legend items={series.map((s, j) => ({ name: s.name, color: colors[j] }))} label={`${yLabel}: series`} style={{ paddingLeft: MARGINS.left }} /> : null}
    </div>
  )
}

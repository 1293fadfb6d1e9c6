import { AXIS_COLOR } from './chartStyles'
import { formatNumber } from './scale'

export interface AxisProps {
  /** A horizontal axis under the plot, or a vertical one to its left. */
  orient: 'bottom' | 'left'
  ticks: readonly number[]
  /** Where a tick value sits along the axis, in px; undefined leaves that tick out. */
  position(value: number): number | undefined
  /** The axis line's ends along the axis, in px. */
  extent: readonly [number, number]
  /** Where the axis sits across: a bottom axis' y, a left axis' x. */
  offset: number
  format?: (value: number) => string
  /** Axis title, centred along it. */
  label?: string
  /** The title's distance from the axis line. Default 28 (bottom), 34 (left). */
  labelOffset?: number
}

const TICK = 4

/** An SVG axis (a `<g>` to place inside an `<svg>`): line, ticks, tick labels and title. */
export function Axis({ orient, ticks, position, extent, offset, format = formatNumber, label, labelOffset }: AxisProps) {
  const bottom = orient === 'bottom'
  const middle = (extent[0] + extent[1]) / 2
  const placed = ticks.flatMap((value) => {
    const at = position(value)
    return at === undefined || !Number.isFinite(at) ? [] : [{ value, at }]
  })
  return (
    <g aria-hidden="true" fill={AXIS_COLOR} fontSize={10} data-axis={orient}>
      <line
        {...(bottom ? { x1: extent[0], x2: extent[1], y1: offset, y2: offset } : { x1: offset, x2: offset, y1: extent[0], y2: extent[1] })}
        stroke={AXIS_COLOR}
        strokeWidth={1}
      />
      {placed.map(({ value, at }) =>
        bottom ? (
          <g key={value} transform={`translate(${at},${offset})`}>
            <line y2={TICK} stroke={AXIS_COLOR} />
            <text y={TICK + 10} textAnchor="middle">
              {format(value)}
            </text>
          </g>
        ) : (
          <g key={value} transform={`translate(${offset},${at})`}>
            <line x2={-TICK} stroke={AXIS_COLOR} />
            <text x={-TICK - 2} dy="0.32em" textAnchor="end">
              {format(value)}
            </text>
          </g>
        ),
      )}
      {label ? (
        bottom ? (
          <text x={middle} y={offset + (labelOffset ?? 28)} textAnchor="middle" fontWeight={600}>
            {label}
          </text>
        ) : (
          <text transform={`translate(${offset - (labelOffset ?? 34)},${middle}) rotate(-90)`} textAnchor="middle" fontWeight={600}>
            {label}
          </text>
        )
      ) : null}
    </g>
  )
}

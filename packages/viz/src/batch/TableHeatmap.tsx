import type { CSSProperties } from 'react'
import { AXIS_COLOR, GRID_COLOR, chartFont } from '../sweeps/chartStyles'
import { cssGradient, relativeLuminance, rgbToCss, sequentialColors } from '../sweeps/colorScale'

export interface TableHeatmapRow {
  label: string
  /** a short note after the label, e.g. "held out" */
  note?: string
  /** one per column; null where the row has no number */
  values: readonly (number | null)[]
}

export interface TableHeatmapProps {
  caption: string
  columns: readonly string[]
  rows: readonly TableHeatmapRow[]
  /** heading of the row labels. Default "". */
  rowHeader?: string
  /** values the colours span (viridis, low dark to high light). Default [0, 1]. */
  domain?: readonly [number, number]
  /** the number written in each cell. Default a percentage with one decimal. */
  format?: (value: number) => string
  className?: string
  style?: CSSProperties
}

const percent = (v: number) => `${(v * 100).toFixed(1)} %`
const cellStyle: CSSProperties = { padding: '2px 6px', borderBottom: `1px solid ${GRID_COLOR}`, textAlign: 'right', whiteSpace: 'nowrap' }

/**
 * A table whose cells are coloured by their value, for grids with named rows and columns (a
 * corruption × severity error table) where a plotted heatmap's numeric axes would not fit. Each
 * cell keeps its number, in a text colour chosen for contrast; a missing value shows "–".
 */
export function TableHeatmap({ caption, columns, rows, rowHeader = '', domain = [0, 1], format = percent, className, style }: TableHeatmapProps) {
  const [lo, hi] = domain
  const colour = (v: number) => sequentialColors(hi > lo ? (v - lo) / (hi - lo) : 0)
  return (
    <table className={className} style={{ borderCollapse: 'collapse', font: chartFont, ...style }}>
      <caption style={{ textAlign: 'left', color: AXIS_COLOR, padding: '2px 0' }}>
        {caption}
        <span aria-hidden="true" style={{ display: 'inline-block', verticalAlign: 'middle', width: 80, height: 8, margin: '0 4px 0 8px', background: cssGradient(sequentialColors) }} />
        <small>
          {format(lo)} – {format(hi)}
        </small>
      </caption>
      <thead>
        <tr>
          <th scope="col" style={{ ...cellStyle, textAlign: 'left' }}>{rowHeader}</th>
          {columns.map((column, c) => (
            <th key={c} scope="col" style={cellStyle}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>
            <th scope="row" style={{ ...cellStyle, textAlign: 'left', fontWeight: 'normal' }}>
              {row.label}
              {row.note ? <small style={{ color: AXIS_COLOR }}> ({row.note})</small> : null}
            </th>
            {columns.map((_, c) => {
              const value = row.values[c] ?? null
              if (value === null || !Number.isFinite(value)) return <td key={c} style={cellStyle}>–</td>
              const rgb = colour(value)
              return (
                <td key={c} data-value={value} style={{ ...cellStyle, background: rgbToCss(rgb), color: relativeLuminance(rgb) > 0.179 ? '#111' : '#fff' }}>
                  {format(value)}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

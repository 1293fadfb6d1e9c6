import type { CSSProperties } from 'react'
import { AXIS_COLOR, GRID_COLOR, chartFont } from '../sweeps/chartStyles'

/** A count of hits out of a total, e.g. correctly classified images of those labelled. */
export interface AccuracyCell {
  correct: number
  total: number
}

export interface AccuracyTableRow {
  /** e.g. the model's name */
  label: string
  /** a swatch before the label (e.g. the model's colour) */
  color?: string
  /** one per column; null where the row has no number there */
  cells: readonly (AccuracyCell | null)[]
}

export interface AccuracyTableProps {
  /** column headings, e.g. the perturbation settings */
  columns: readonly string[]
  rows: readonly AccuracyTableRow[]
  /** the table's caption and accessible name, e.g. "Top-1 accuracy" */
  caption: string
  /** heading of the row labels. Default "Model". */
  rowHeader?: string
  /** digits after the decimal point of the percentages. Default 1. */
  digits?: number
  className?: string
  style?: CSSProperties
}

/** `correct / total` as a percentage with `digits` decimals ("99.9 %"), or "–" when there is no total. */
export function formatAccuracy(cell: AccuracyCell | null, digits = 1): string {
  return cell && cell.total > 0 ? `${((100 * cell.correct) / cell.total).toFixed(digits)} %` : '–'
}

const cellStyle: CSSProperties = { padding: '2px 8px', borderBottom: `1px solid ${GRID_COLOR}`, textAlign: 'right', whiteSpace: 'nowrap' }

/**
 * Rates as a table: a percentage per row and column with the counts under it ("799 / 800"), and a
 * faint bar behind each number so a column's weak rows stand out at a glance. A cell without a
 * total shows "–" (e.g. accuracy where no image had a label).
 */
export function AccuracyTable({ columns, rows, caption, rowHeader = 'Model', digits = 1, className, style }: AccuracyTableProps) {
  return (
    <table className={className} style={{ borderCollapse: 'collapse', font: chartFont, ...style }}>
      <caption style={{ textAlign: 'left', color: AXIS_COLOR, padding: '2px 0' }}>{caption}</caption>
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
              {row.color ? <span aria-hidden="true" data-swatch style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 4, background: row.color }} /> : null}
              {row.label}
            </th>
            {columns.map((_, c) => {
              const cell = row.cells[c] ?? null
              const rate = cell && cell.total > 0 ? cell.correct / cell.total : null
              return (
                <td
                  key={c}
                  data-rate={rate ?? undefined}
                  style={{ ...cellStyle, background: rate === null ? undefined : `linear-gradient(to right, rgba(78,121,167,0.16) ${(rate * 100).toFixed(2)}%, transparent 0)` }}
                >
                  <div>{formatAccuracy(cell, digits)}</div>
                  <div style={{ color: AXIS_COLOR, fontSize: '0.9em' }}>{cell ? `${cell.correct} / ${cell.total}` : ''}</div>
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

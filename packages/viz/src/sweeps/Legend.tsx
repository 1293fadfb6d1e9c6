import type { CSSProperties } from 'react'
import { AXIS_COLOR, chartFont } from './chartStyles'

export interface LegendItem {
  name: string
  color: string
}

export interface LegendProps {
  items: readonly LegendItem[]
  /** Accessible name of the list. Default "Legend". */
  label?: string
  style?: CSSProperties
}

/** A row of colour swatches (short line segments, like the curves) with the series' names. */
export function Legend({ items, label = 'Legend', style }: LegendProps) {
  return (
    <ul aria-label={label} style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 12px', listStyle: 'none', margin: 0, padding: 0, font: chartFont, color: AXIS_COLOR, ...style }}>
      {items.map((item, i) => (
        <li key={i} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span aria-hidden="true" data-swatch style={{ display: 'inline-block', width: 14, height: 3, borderRadius: 2, background: item.color }} />
          {item.name}
        </li>
      ))}
    </ul>
  )
}

import type { CSSProperties } from 'react'
import { AXIS_COLOR, chartFont } from './chartStyles'
import { colorMapOf, cssGradient, effectiveDomain, type HeatmapScale } from './colorScale'
import { formatNumber } from './scale'

export interface ColorBarProps {
  /** The values the colours span; a diverging scale shows it made symmetric around 0. */
  domain: readonly [number, number]
  scale?: HeatmapScale
  format?: (value: number) => string
  /** Width of the bar in px. Default 120. */
  width?: number
  style?: CSSProperties
}

/** A horizontal colour bar with the domain's ends (and 0 in the middle of a diverging one). */
export function ColorBar({ domain, scale = 'sequential', format = formatNumber, width = 120, style }: ColorBarProps) {
  const [lo, hi] = effectiveDomain(domain, scale)
  return (
    <div style={{ width, font: chartFont, color: AXIS_COLOR, ...style }}>
      <div role="img" aria-label={`Colour scale from ${format(lo)} to ${format(hi)}`} style={{ height: 8, borderRadius: 2, background: cssGradient(colorMapOf(scale)) }} />
      <div style={{ display: 'flex', justifyContent: 'space-between', fontVariantNumeric: 'tabular-nums' }}>
        <span>{format(lo)}</span>
        {scale === 'diverging' ? <span>{format(0)}</span> : null}
        <span>{format(hi)}</span>
      </div>
    </div>
  )
}

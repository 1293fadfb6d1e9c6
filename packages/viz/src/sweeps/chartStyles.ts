import type { CSSProperties } from 'react'

/** Series colours when none is given: Tableau 10, distinct for up to ten curves (models pass `modelColors`). */
export const SERIES_PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const

export const seriesColor = (color: string | undefined, index: number) => color ?? SERIES_PALETTE[index % SERIES_PALETTE.length]

/** The muted grey of the controls (`--pz-muted`), for axes and their labels. */
export const AXIS_COLOR = '#5f6670'
export const GRID_COLOR = '#e6e8eb'

export const chartFont = '11px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif'

/** The dark readout the activation maps use, here placed by the chart next to the pointer. */
export const tooltipStyle: CSSProperties = {
  position: 'absolute',
  zIndex: 1,
  padding: '3px 6px',
  borderRadius: 3,
  background: 'rgba(0,0,0,0.8)',
  color: '#fff',
  font: '11px/1.35 ui-monospace, SFMono-Regular, Menlo, monospace',
  whiteSpace: 'nowrap',
  pointerEvents: 'none',
}

/** Chart margins around the plot area, in px: room for tick labels and axis titles. */
export interface Margins {
  top: number
  right: number
  bottom: number
  left: number
}

/**
 * Where a tooltip goes beside a point at (x, y) in a box `width` wide, `gap` px away: to its
 * right, or to its left once past the middle, so that it never runs off the chart's right edge.
 */
export function tooltipPosition(x: number, y: number, width: number, gap = 8): CSSProperties {
  return x > width / 2 ? { right: width - x + gap, top: y } : { left: x + gap, top: y }
}

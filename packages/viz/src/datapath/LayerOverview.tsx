import { useMemo, useState, type CSSProperties } from 'react'
import { segmentLayers } from './segmentLayers'

/** One layer of the overview, in topological order, with what its dot plot shows. */
export interface OverviewLayer {
  name: string
  /** layers of one building block share an id: rows never break inside one unless it pays (λ) */
  block?: string
  /** per statistic, its value in [0, 1] at this layer (e.g. cosine similarity, Jaccard overlap); NaN: none */
  stats: readonly number[]
}

export interface LayerOverviewProps {
  layers: readonly OverviewLayer[]
  /** names of the statistics, in `stats` order, for the legend and tooltips */
  statNames: readonly string[]
  /** a colour per statistic */
  statColors?: readonly string[]
  /** the row width in px (default 640) */
  width?: number
  /** how much a row break inside a building block costs, in px of empty row (default 200) */
  lambda?: number
  selected?: string | null
  onSelect?: (layer: string) => void
  style?: CSSProperties
}

const NODE = { width: 78, height: 46, gap: 14 }
const ROW_GAP = 22
const defaultColors = ['#1f5fa8', '#e3b21c', '#a4262c', '#2e7d32']

/**
 * AEVis' layer-level view: the network's layers as a chain wrapped into rows without cutting
 * building blocks apart (`segmentLayers`, eq. (6)), each node with a dot plot of per-layer
 * statistics on [0, 1] — e.g. how similar two datapaths are there — so that one sees where two
 * inputs part ways. A node is a button: choosing it selects the layer.
 */
export function LayerOverview({ layers, statNames, statColors = defaultColors, width = 640, lambda = 200, selected = null, onSelect, style }: LayerOverviewProps) {
  const [hover, setHover] = useState<number | null>(null)
  const rows = useMemo(() => segmentLayers(layers.map((l) => ({ width: NODE.width, block: l.block })), width, lambda, NODE.gap).rows, [layers, width, lambda])
  const height = rows.length * (NODE.height + ROW_GAP)
  const position = (index: number) => {
    const row = rows.findIndex(([s, e]) => index >= s && index < e)
    return { x: (index - rows[row][0]) * (NODE.width + NODE.gap), y: row * (NODE.height + ROW_GAP) }
  }
  return (
    <div style={{ display: 'inline-flex', flexDirection: 'column', gap: 4, font: '11px system-ui, sans-serif', ...style }}>
      <ul aria-label="Statistics" style={{ display: 'flex', gap: 12, listStyle: 'none', margin: 0, padding: 0 }}>
        {statNames.map((name, i) => (
          <li key={name}>
            <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: statColors[i % statColors.length], marginRight: 4 }} />
            {name}
          </li>
        ))}
      </ul>
      <svg width={width} height={height} role="group" aria-label="Layers" style={{ overflow: 'visible' }}>
        {layers.slice(1).map((_, i) => {
          const a = position(i), b = position(i + 1)
          // a chain: within a row straight on, across rows from the row's end down to the next row's start
          const d = a.y === b.y ? `M${a.x + NODE.width},${a.y + NODE.height / 2}H${b.x}` : `M${a.x + NODE.width / 2},${a.y + NODE.height}V${a.y + NODE.height + ROW_GAP / 2}H${b.x + NODE.width / 2}V${b.y}`
          return <path key={i} d={d} fill="none" stroke="#999" strokeWidth={1} aria-hidden="true" />
        })}
        {layers.map((layer, i) => {
          const { x, y } = position(i)
          const active = layer.name === selected
          const summary = statNames.map((n, s) => `${n} ${Number.isFinite(layer.stats[s]) ? layer.stats[s].toFixed(2) : '–'}`).join(', ')
          return (
            <g
              key={layer.name}
              transform={`translate(${x},${y})`}
              role="button"
              tabIndex={0}
              aria-pressed={active}
              aria-label={`${layer.name}: ${summary}`}
              onClick={() => onSelect?.(layer.name)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect?.(layer.name))}
              onPointerEnter={() => setHover(i)}
              onPointerLeave={() => setHover(null)}
              style={{ cursor: onSelect ? 'pointer' : 'default' }}
            >
              <rect width={NODE.width} height={NODE.height} rx={4} fill={active ? '#e8f0fb' : '#fff'} stroke={active ? '#1f5fa8' : hover === i ? '#666' : '#bbb'} strokeWidth={active ? 2 : 1} />
              <text x={NODE.width / 2} y={13} textAnchor="middle" fontSize={10}>
                {layer.name.length > 13 ? `${layer.name.slice(0, 12)}…` : layer.name}
              </text>
              {/* the dot plot: one dot per statistic on a 0–1 axis */}
              <line x1={6} x2={NODE.width - 6} y1={32} y2={32} stroke="#ddd" />
              {layer.stats.map((v, s) =>
                Number.isFinite(v) ? <circle key={s} cx={6 + Math.min(1, Math.max(0, v)) * (NODE.width - 12)} cy={32} r={3.5} fill={statColors[s % statColors.length]} /> : null,
              )}
              <title>{`${layer.name}: ${summary}`}</title>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

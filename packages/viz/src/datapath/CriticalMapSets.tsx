import { useMemo, type CSSProperties } from 'react'
import { rgbToCss, sequentialColors, normalizeValue } from '../sweeps/colorScale'
import { clusterMaps, gridCells, splitMapSets, stackedRectangles, type MapCluster } from './mapSets'

/** One datapath's critical maps at a layer, and what each map is coloured by. */
export interface CriticalMapSet {
  name: string
  color: string
  critical: readonly number[]
  /** per channel of the layer, e.g. its importance z or its mean activation */
  values: ArrayLike<number>
}

export interface CriticalMapSetsProps {
  /** the two datapaths to compare (a and b) */
  sets: readonly [CriticalMapSet, CriticalMapSet]
  /** what `values` are, for the tooltips, e.g. "importance" */
  valueLabel?: string
  /** at most this many cells per region; more maps are clustered by k-means (default 48) */
  maxCells?: number
  width?: number
  height?: number
  selected?: number | null
  /** a map was chosen (a single map, or a cluster's strongest) */
  onSelect?: (channel: number) => void
  style?: CSSProperties
}

const REGION_GAP = 8
const HEADER = 16

/**
 * AEVis' feature-map level: the critical maps of two datapaths at one layer as a compact
 * rectangular Euler diagram in a treemap — the maps only the first path uses, the shared ones,
 * the maps only the second uses, each region's width in proportion to its count — every cell
 * coloured by its value (both paths' mean where shared). Many maps are clustered, drawn as
 * log10(size) + 1 stacked rectangles.
 */
export function CriticalMapSets({ sets, valueLabel = 'importance', maxCells = 48, width = 520, height = 180, selected = null, onSelect, style }: CriticalMapSetsProps) {
  const [a, b] = sets
  const regions = useMemo(() => {
    const { onlyA, shared, onlyB } = splitMapSets(a.critical, b.critical)
    const valueA = (c: number) => a.values[c] ?? NaN
    const valueB = (c: number) => b.values[c] ?? NaN
    const both = (c: number) => (valueA(c) + valueB(c)) / 2
    return [
      { key: 'a', title: `only ${a.name}`, color: a.color, clusters: clusterMaps(onlyA, valueA, maxCells), count: onlyA.length },
      { key: 'shared', title: 'shared', color: '#555', clusters: clusterMaps(shared, both, maxCells), count: shared.length },
      { key: 'b', title: `only ${b.name}`, color: b.color, clusters: clusterMaps(onlyB, valueB, maxCells), count: onlyB.length },
    ]
  }, [a, b, maxCells])
  const domain = useMemo((): [number, number] => {
    const all = regions.flatMap((r) => r.clusters.map((c) => c.mean)).filter(Number.isFinite)
    return all.length ? [Math.min(...all), Math.max(...all)] : [0, 1]
  }, [regions])
  const total = Math.max(1, regions.reduce((n, r) => n + r.count, 0))
  // every region keeps a readable minimum, the rest is shared out by count
  const minimum = 60
  const free = width - 2 * REGION_GAP - 3 * minimum
  let x = 0
  return (
    <svg width={width} height={height} role="group" aria-label={`Critical maps of ${a.name} and ${b.name}`} style={{ font: '11px system-ui, sans-serif', overflow: 'visible', ...style }}>
      {regions.map((region) => {
        const w = minimum + Math.max(0, free) * (region.count / total)
        const left = x
        x += w + REGION_GAP
        const cells = gridCells(region.clusters.length, w, height - HEADER)
        return (
          <g key={region.key} transform={`translate(${left},0)`} role="list" aria-label={`${region.title}: ${region.count} maps`}>
            <text x={0} y={11} fill={region.color} fontWeight={600}>
              {region.title} ({region.count})
            </text>
            <rect x={0} y={HEADER} width={w} height={height - HEADER} fill="none" stroke={region.color} strokeDasharray={region.key === 'shared' ? undefined : '3 2'} />
            {region.clusters.map((cluster, i) => (
              <ClusterCell key={cluster.channels[0]} cluster={cluster} cell={cells[i]} offsetY={HEADER} domain={domain} valueLabel={valueLabel} selected={selected} onSelect={onSelect} />
            ))}
          </g>
        )
      })}
    </svg>
  )
}

function ClusterCell({ cluster, cell, offsetY, domain, valueLabel, selected, onSelect }: { cluster: MapCluster; cell: { x: number; y: number; size: number }; offsetY: number; domain: [number, number]; valueLabel: string; selected: number | null; onSelect?: (channel: number) => void }) {
  const fill = rgbToCss(sequentialColors(normalizeValue(cluster.mean, domain)))
  const stack = stackedRectangles(cluster.channels.length)
  const inset = 2
  const step = Math.min(3, (cell.size - 2 * inset) / 6)
  const size = cell.size - 2 * inset - (stack - 1) * step
  const single = cluster.channels.length === 1
  const label = single ? `map ${cluster.channels[0]}: ${valueLabel} ${cluster.mean.toFixed(3)}` : `${cluster.channels.length} maps (${cluster.channels.slice(0, 8).join(', ')}${cluster.channels.length > 8 ? ', …' : ''}): mean ${valueLabel} ${cluster.mean.toFixed(3)}`
  const active = selected !== null && cluster.channels.includes(selected)
  return (
    <g
      role="listitem"
      aria-label={label}
      tabIndex={onSelect ? 0 : undefined}
      onClick={() => onSelect?.(cluster.channels[0])}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect?.(cluster.channels[0]))}
      style={{ cursor: onSelect ? 'pointer' : 'default' }}
    >
      {Array.from({ length: stack }, (_, s) => (
        <rect key={s} x={cell.x + inset + (stack - 1 - s) * step} y={offsetY + cell.y + inset + s * step} width={Math.max(1, size)} height={Math.max(1, size)} fill={fill} stroke={active ? '#000' : '#fff'} strokeWidth={active ? 2 : 1} />
      ))}
      <title>{label}</title>
    </g>
  )
}

import type { CSSProperties, ReactNode } from 'react'

export interface NeuronCellProps {
  channel: number
  /** The activation map (top). */
  map: ReactNode
  /** The channel's feature visualization (below the map), if shown. */
  featureVis?: ReactNode
  className?: string
  style?: CSSProperties
}

/**
 * One neuron's pair, grouped in a rounded box as in the original tool: what the channel responds
 * to on this frame (its activation map) directly above what it responds to most (its feature
 * visualization), captioned with the channel index.
 */
export function NeuronCell({ channel, map, featureVis, className, style }: NeuronCellProps) {
  return (
    <figure
      data-channel={channel}
      className={className}
      style={{ margin: 0, padding: 4, display: 'flex', flexDirection: 'column', gap: 4, border: '1px solid rgba(0,0,0,0.12)', borderRadius: 8, background: 'rgba(0,0,0,0.03)', ...style }}
    >
      {map}
      {featureVis}
      <figcaption style={{ textAlign: 'center', font: '11px system-ui, sans-serif', color: '#555' }}>{channel}</figcaption>
    </figure>
  )
}

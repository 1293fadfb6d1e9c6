import { useState, type CSSProperties } from 'react'
import { AXIS_COLOR, chartFont, tooltipStyle } from './chartStyles'
import { formatNumber } from './scale'
import { maxAbsWeight, type RgbaImage } from './thumbnails'
import { WeightedThumbnail } from './WeightedThumbnail'

/** One input and how strongly it drives the channel. */
export interface ThumbnailItem {
  /** RGBA pixels, row 0 at the top. */
  image: RgbaImage
  /** The channel's response to this input (e.g. its mean activation); negative inputs suppress it. */
  weight: number
  /** Names the input in the tooltip and the accessible name, e.g. the sweep state it came from. */
  label?: string
}

export interface ThumbnailGridProps {
  items: readonly ThumbnailItem[]
  /** Thumbnails per row. Default 4. */
  columns?: number
  /** Thumbnail size in px. Default 64. */
  size?: number
  /** Clicking a thumbnail (or Enter/Space on it) picks it. */
  onPick?: (index: number) => void
  formatWeight?: (weight: number) => string
  /** Accessible name of the grid. Default "Inputs weighted by response". */
  label?: string
  className?: string
  style?: CSSProperties
}

const itemName = (item: ThumbnailItem, index: number) => item.label ?? `Input ${index + 1}`

/**
 * Which inputs drive a channel, as OpenAI Microscope shows it: every input faded by |weight|
 * against the strongest of the set, and colour-inverted when its weight is negative. Hover or
 * focus shows the input's label and weight; with `onPick` each thumbnail is a button.
 */
export function ThumbnailGrid({ items, columns = 4, size = 64, onPick, formatWeight = formatNumber, label = 'Inputs weighted by response', className, style }: ThumbnailGridProps) {
  const [hover, setHover] = useState<number | null>(null)
  const maxAbs = maxAbsWeight(items.map((item) => item.weight))
  return (
    <ul
      aria-label={label}
      className={className}
      style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.max(1, columns)}, ${size}px)`, gap: 4, listStyle: 'none', margin: 0, padding: 0, font: chartFont, ...style }}
    >
      {items.map((item, index) => {
        const name = `${itemName(item, index)}, weight ${formatWeight(item.weight)}`
        const thumbnail = <WeightedThumbnail image={item.image} weight={item.weight} maxAbs={maxAbs} size={size} alt={name} />
        const hoverProps = {
          onPointerEnter: () => setHover(index),
          onPointerLeave: () => setHover((h) => (h === index ? null : h)),
          onFocus: () => setHover(index),
          onBlur: () => setHover((h) => (h === index ? null : h)),
        }
        return (
          <li key={index} data-weight={item.weight} style={{ position: 'relative', width: size, height: size }}>
            {onPick ? (
              <button type="button" aria-label={name} onClick={() => onPick(index)} {...hoverProps} style={{ display: 'block', padding: 0, border: 0, background: 'none', cursor: 'pointer' }}>
                {thumbnail}
              </button>
            ) : (
              // focusable without a button, so keyboard users reach the label and weight too
              <div tabIndex={0} {...hoverProps}>
                {thumbnail}
              </div>
            )}
            {hover === index ? (
              <div role="tooltip" style={{ ...tooltipStyle, left: 0, top: size + 2 }}>
                {itemName(item, index)} <span style={{ color: item.weight < 0 ? '#9ecbff' : '#ffd29e' }}>{formatWeight(item.weight)}</span>
              </div>
            ) : null}
          </li>
        )
      })}
      {items.length === 0 ? <li style={{ color: AXIS_COLOR }}>No inputs</li> : null}
    </ul>
  )
}

import type { CSSProperties } from 'react'
import { AXIS_COLOR, chartFont } from '../sweeps/chartStyles'
import type { RgbaImage } from '../sweeps/thumbnails'
import { WeightedThumbnail } from '../sweeps/WeightedThumbnail'

/** One image of a gallery and what to say under it. */
export interface GalleryItem {
  /** RGBA pixels, row 0 at the top; absent: a placeholder box */
  image?: RgbaImage
  /** a short line under the thumbnail, e.g. "dog → cat" */
  caption: string
  /** the accessible name (default: the caption), e.g. with the file name and every model's answer */
  label?: string
}

export interface GalleryProps {
  items: readonly GalleryItem[]
  /** thumbnail size in px. Default 64. */
  size?: number
  /** the picked item, outlined */
  selected?: number | null
  /** clicking an item (or Enter/Space on it) picks it */
  onPick?: (index: number) => void
  /** accessible name of the list. Default "Images". */
  label?: string
  className?: string
  style?: CSSProperties
}

/**
 * Thumbnails with a caption each, in a wrapping grid: e.g. the images a model got wrong, with the
 * label and the prediction. With `onPick` every thumbnail is a button.
 */
export function ImageGallery({ items, size = 64, selected = null, onPick, label = 'Images', className, style }: GalleryProps) {
  return (
    <ul aria-label={label} className={className} style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${size + 8}px, 1fr))`, gap: 6, listStyle: 'none', margin: 0, padding: 0, font: chartFont, ...style }}>
      {items.map((item, index) => {
        const name = item.label ?? item.caption
        const picture = item.image ? (
          <WeightedThumbnail image={item.image} weight={1} maxAbs={1} size={size} alt={name} />
        ) : (
          <div role="img" aria-label={name} style={{ width: size, height: size, background: '#eef0f2' }} />
        )
        const outline = index === selected ? '2px solid #4e79a7' : '2px solid transparent'
        return (
          <li key={index} style={{ display: 'grid', justifyItems: 'center', gap: 2, width: size + 8 }}>
            {onPick ? (
              <button type="button" aria-label={name} aria-pressed={index === selected} onClick={() => onPick(index)} style={{ display: 'block', padding: 0, border: 0, outline, background: 'none', cursor: 'pointer' }}>
                {picture}
              </button>
            ) : (
              <div style={{ outline }}>{picture}</div>
            )}
            <span aria-hidden="true" style={{ color: AXIS_COLOR, textAlign: 'center', overflowWrap: 'anywhere' }}>
              {item.caption}
            </span>
          </li>
        )
      })}
      {items.length === 0 ? <li style={{ color: AXIS_COLOR }}>No images</li> : null}
    </ul>
  )
}

import { useLayoutEffect, useRef, type CSSProperties } from 'react'
import { paintCanvas, type CanvasPaintCache } from '../canvas/paintCanvas'
import { weightedThumbnail, type RgbaImage } from './thumbnails'

export interface WeightedThumbnailProps {
  image: RgbaImage
  /** The input's response; its size against `maxAbs` sets how much of the image shows, a negative one inverts it. */
  weight: number
  /** The largest |weight| of the set the thumbnail is compared with. */
  maxAbs: number
  /** CSS size of the square box in px; the image keeps its aspect ratio inside. */
  size: number
  alt: string
  style?: CSSProperties
}

/** One input image painted as {@link weightedThumbnail} weights it, at its own resolution and scaled to `size`. */
export function WeightedThumbnail({ image, weight, maxAbs, size, alt, style }: WeightedThumbnailProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const paintCache = useRef<CanvasPaintCache>({})
  useLayoutEffect(() => {
    if (canvasRef.current) paintCanvas(canvasRef.current, image.width, image.height, (pixels) => pixels.set(weightedThumbnail(image, weight, maxAbs).subarray(0, pixels.length)), paintCache.current)
  }, [image, weight, maxAbs])
  return (
    <canvas
      ref={canvasRef}
      role="img"
      aria-label={alt}
      width={image.width}
      height={image.height}
      style={{ display: 'block', width: size, height: size, objectFit: 'contain', background: '#fff', ...style }}
    />
  )
}

import { useLayoutEffect, useRef, type CSSProperties } from 'react'
import type { FeatureVisImage } from '@perturber/model-runtime'
import { paintCanvas, type CanvasPaintCache } from '../canvas/paintCanvas'

export interface FeatureVisCanvasProps {
  /** RGBA pixels, row 0 at the top (a `FeatureVisResult`'s `image`). */
  image: FeatureVisImage
  alt: string
  style?: CSSProperties
}

/** A generated feature visualization drawn at its own resolution and scaled to fill its box. */
export function FeatureVisCanvas({ image, alt, style }: FeatureVisCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const paintCache = useRef<CanvasPaintCache>({})
  useLayoutEffect(() => {
    if (canvasRef.current) paintCanvas(canvasRef.current, image.width, image.height, (pixels) => pixels.set(image.data.subarray(0, pixels.length)), paintCache.current)
  }, [image])
  return <canvas ref={canvasRef} role="img" aria-label={alt} width={image.width} height={image.height} style={{ display: 'block', width: '100%', height: '100%', ...style }} />
}

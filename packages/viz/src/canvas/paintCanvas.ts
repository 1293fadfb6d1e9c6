/** What {@link paintCanvas} keeps between frames so that repainting allocates nothing. */
export interface CanvasPaintCache {
  context?: CanvasRenderingContext2D | null
  image?: ImageData
}

/**
 * Paints RGBA pixels into `canvas` at its natural size: `fill` writes the pixels of an `ImageData`
 * that is reused while the size stays the same, then `putImageData` copies them. The canvas keeps
 * its identity (no DOM churn); its CSS size and `image-rendering` decide how it is scaled.
 * Returns false where there is no 2D context (jsdom), after doing nothing.
 */
export function paintCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  fill: (pixels: Uint8ClampedArray) => void,
  cache: CanvasPaintCache = {},
): boolean {
  if (cache.context === undefined) cache.context = canvas.getContext('2d')
  const context = cache.context
  if (!context || width <= 0 || height <= 0) return false
  // assigning width/height clears the canvas and its state even when unchanged: only on resize
  if (canvas.width !== width) canvas.width = width
  if (canvas.height !== height) canvas.height = height
  if (!cache.image || cache.image.width !== width || cache.image.height !== height) cache.image = context.createImageData(width, height)
  fill(cache.image.data)
  context.putImageData(cache.image, 0, 0)
  return true
}

/** Clears a canvas to transparent (a map with no data yet). */
export function clearCanvas(canvas: HTMLCanvasElement, cache: CanvasPaintCache = {}): void {
  if (cache.context === undefined) cache.context = canvas.getContext('2d')
  cache.context?.clearRect(0, 0, canvas.width, canvas.height)
}

import { useEffect, useRef } from 'react'
import { paintCanvas, type CanvasPaintCache } from '@perturber/viz/primitives'
import type { SceneFrameFeed } from '../session/sceneFrames'

/**
 * The scene frame as read back for the models, painted into a 2D canvas over the (hidden) WebGL
 * canvas: what is on screen is exactly what is analysed, and the page never composites the WebGL
 * canvas, which on a machine without a GPU means a readback that waits for the renderer on every
 * frame. Pointer events go through to the scene's camera controls below.
 */
export function SceneFrameView({ frames }: { frames: SceneFrameFeed }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const cache: CanvasPaintCache = {}
    return frames.subscribePixels(({ width, height, data }) => {
      const canvas = ref.current
      if (!canvas) return
      paintCanvas(canvas, width, height, (pixels) => {
        // float display values in [0, 1] → bytes (the clamped array rounds and clamps)
        for (let i = 0; i < pixels.length; i++) pixels[i] = (i & 3) === 3 ? 255 : data[i] * 255
      }, cache)
    })
  }, [frames])
  return <canvas ref={ref} className="pa-scene-frame" data-testid="scene-frame" aria-label="The scene as the models see it" />
}

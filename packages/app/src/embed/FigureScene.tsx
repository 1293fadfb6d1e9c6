import { useEffect, useRef, useState } from 'react'
import { useOrbitControls } from '@perturber/scene'
import type { PerturberSession } from '../session/PerturberSession'
import { SharedSceneRenderer } from './sharedSceneRenderer'

export interface FigureSceneProps {
  session: PerturberSession
  /** frame size (square): what the models see */
  size: number
  /** drag to orbit the camera (default true) */
  orbit?: boolean
}

/**
 * A figure's scene: a plain 2D canvas fed by the page's {@link SharedSceneRenderer} (one WebGL
 * context for all figures). Dragging orbits the camera; the mouse wheel scrolls the article
 * rather than dollying, and vertical swipes on touch screens scroll it too.
 */
export function FigureScene({ session, size, orbit = true }: FigureSceneProps) {
  const { scene, frames, registry } = session
  const wrapper = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [error, setError] = useState<string | null>(null)
  useOrbitControls(wrapper, scene, orbit)

  useEffect(() => {
    // the orbit controls dolly on wheel and stop the page from scrolling: in an article the wheel
    // belongs to the page, so it is stopped before it reaches them (capture phase, not prevented)
    const el = wrapper.current
    const keepScrolling = (e: WheelEvent) => e.stopPropagation()
    el?.parentElement?.addEventListener('wheel', keepScrolling, { capture: true })
    return () => el?.parentElement?.removeEventListener('wheel', keepScrolling, { capture: true })
  }, [])

  useEffect(() => {
    if (!canvas.current) return
    let handle: ReturnType<SharedSceneRenderer['attach']>
    try {
      handle = SharedSceneRenderer.get().attach({
        store: scene,
        registry,
        width: size,
        height: size,
        canvas: canvas.current,
        onFrame: frames.onFrame,
        onError: setError,
      })
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      return
    }
    frames.onReady(handle.scene)
    return () => {
      frames.detach(handle.scene)
      handle.detach()
    }
  }, [scene, frames, registry, size])

  return (
    <div className="pf-scene">
      <div ref={wrapper} className="pf-canvas" style={{ touchAction: orbit ? 'pan-y' : undefined, cursor: orbit ? 'grab' : undefined }}>
        <canvas ref={canvas} width={size} height={size} role="img" aria-label="The scene, as the models see it" />
      </div>
      {error ? (
        <div className="pa-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}

import { useCallback, useEffect, useMemo, useRef } from 'react'
import type { FrameInput } from '@perturber/model-runtime'
import type { SceneFrame, SceneRenderer } from '@perturber/scene'
import type { FrameResultStore } from '@perturber/viz'

export interface SceneFrames {
  /** for `PerturberCanvas`' `onFrame` */
  onFrame(frame: SceneFrame, renderer: SceneRenderer): void
  /** for `PerturberCanvas`' `onReady` */
  onReady(renderer: SceneRenderer): void
  /** the scene's renderer once ready (external textures, pixels on demand) */
  renderer(): SceneRenderer | null
  /** the pixels of the frame on screen, read now */
  readFrame(): (FrameInput & { data: Float32Array }) | null
}

/**
 * The scene → inference link: each new frame id goes to the result store (so older results show
 * as stale) and, while anything is requested, its pixels go to `submit`.
 */
export function useSceneFrames(results: FrameResultStore, submit: (frame: FrameInput) => void, active: boolean): SceneFrames {
  const rendererRef = useRef<SceneRenderer | null>(null)
  const lastFrame = useRef<SceneFrame | null>(null)
  const live = useRef({ submit, active })
  live.current = { submit, active }

  const readFrame = useCallback(() => {
    const renderer = rendererRef.current
    const frame = lastFrame.current
    if (!renderer || !frame) return null
    const data = renderer.readPixels() // renders first if the scene changed since
    return { frameId: renderer.frameId, width: frame.width, height: frame.height, data }
  }, [])

  const onFrame = useCallback(
    (frame: SceneFrame, renderer: SceneRenderer) => {
      rendererRef.current = renderer
      lastFrame.current = frame
      results.getState().setCurrentFrame(frame.frameId)
      if (live.current.active) live.current.submit({ frameId: frame.frameId, width: frame.width, height: frame.height, data: renderer.readPixels() })
    },
    [results],
  )
  const onReady = useCallback((renderer: SceneRenderer) => {
    rendererRef.current = renderer
  }, [])

  // a frame rendered before inference was wanted (models still loading) is offered when it is
  useEffect(() => {
    if (!active) return
    const frame = readFrame()
    if (frame) submit(frame)
  }, [active, submit, readFrame])

  const renderer = useCallback(() => rendererRef.current, [])
  // one object for the app's lifetime: memoized children (the scene column) take it as a prop
  return useMemo(() => ({ onFrame, onReady, renderer, readFrame }), [onFrame, onReady, renderer, readFrame])
}

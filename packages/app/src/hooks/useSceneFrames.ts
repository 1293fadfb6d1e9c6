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
  /** whether a frame's pixels are still on their way back from the GPU (asynchronous readback) */
  reading(): boolean
  /** calls `listener` when an asynchronous readback has finished; returns an unsubscribe */
  subscribeRead(listener: () => void): () => void
  /** with asynchronous readback: calls `listener` with each frame's pixels as they arrive (to display them) */
  subscribePixels(listener: (frame: FramePixelsData) => void): () => void
}

export interface FramePixelsData {
  frameId: number
  width: number
  height: number
  /** RGBA float in [0, 1], row 0 at the top */
  data: Float32Array
}

/**
 * The scene → inference link: each new frame id goes to the result store (so older results show
 * as stale) and, while anything is requested, its pixels go to `submit`. With `asyncReadback`
 * the pixels come back without blocking the page (the GPU renders and copies the frame while the
 * main thread runs the previous inference; a paced scene renders the next frame just then), every
 * frame is read back, and its pixels go to `subscribePixels` listeners: the page shows them
 * instead of the WebGL canvas, whose compositing would wait for the GPU on every frame.
 */
export function useSceneFrames(results: FrameResultStore, submit: (frame: FrameInput) => void, active: boolean, asyncReadback = false): SceneFrames {
  const rendererRef = useRef<SceneRenderer | null>(null)
  const lastFrame = useRef<SceneFrame | null>(null)
  const live = useRef({ submit, active, asyncReadback })
  live.current = { submit, active, asyncReadback }
  const readback = useRef({ inFlight: 0, newestSubmitted: 0, listeners: new Set<() => void>(), pixelListeners: new Set<(frame: FramePixelsData) => void>() })

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
      const { frameId, width, height } = frame
      const state = readback.current
      if (!live.current.asyncReadback) {
        results.getState().setCurrentFrame(frameId)
        if (!live.current.active) return
        state.newestSubmitted = frameId
        live.current.submit({ frameId, width, height, data: renderer.readPixels() })
        return
      }
      state.inFlight++
      const done = () => {
        state.inFlight--
        state.listeners.forEach((listener) => listener())
      }
      renderer.readPixelsAsync().then(
        (data) => {
          // a newer frame may have been shown meanwhile (several readbacks in flight): it wins
          if (frameId > state.newestSubmitted) {
            state.newestSubmitted = frameId
            const pixels = { frameId, width, height, data }
            // the frame on screen is the one read back: results are compared with it
            results.getState().setCurrentFrame(frameId)
            state.pixelListeners.forEach((listener) => listener(pixels))
            if (live.current.active) live.current.submit(pixels)
          }
          done()
        },
        // a lost context or a disposed renderer: the frame is gone, the next one will be read
        done,
      )
    },
    [results],
  )
  const onReady = useCallback((renderer: SceneRenderer) => {
    rendererRef.current = renderer
  }, [])

  // switched to asynchronous readback (and the pixels' display), e.g. once the runtime's plan is
  // known: the frame on screen is rendered and read back again, so that it shows
  useEffect(() => {
    if (asyncReadback) rendererRef.current?.invalidate()
  }, [asyncReadback])

  // a frame rendered before inference was wanted (models still loading) is offered when it is
  useEffect(() => {
    if (!active) return
    const frame = readFrame()
    if (frame) submit(frame)
  }, [active, submit, readFrame])

  const renderer = useCallback(() => rendererRef.current, [])
  const reading = useCallback(() => readback.current.inFlight > 0, [])
  const subscribeRead = useCallback((listener: () => void) => {
    const { listeners } = readback.current
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }, [])
  const subscribePixels = useCallback((listener: (frame: FramePixelsData) => void) => {
    const { pixelListeners } = readback.current
    pixelListeners.add(listener)
    return () => void pixelListeners.delete(listener)
  }, [])
  // one object for the app's lifetime: memoized children (the scene column) take it as a prop
  return useMemo(
    () => ({ onFrame, onReady, renderer, readFrame, reading, subscribeRead, subscribePixels }),
    [onFrame, onReady, renderer, readFrame, reading, subscribeRead, subscribePixels],
  )
}

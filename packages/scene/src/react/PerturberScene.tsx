import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useFrame, useThree } from '@react-three/fiber'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { SceneRenderer, type FramePacer, type SceneFrame } from '../core/SceneRenderer'
import { SceneContent } from '../core/SceneContent'
import { connectScene } from '../core/connectScene'
import { createSceneStore, type SceneStore } from '../store/sceneStore'
import { PerturberSceneContext } from './context'
import { FrameDisplay } from './FrameDisplay'

export interface PerturberSceneProps {
  /** scene state; one is created if omitted (read it back with `onReady`) */
  store?: SceneStore
  /** where uploaded objects and images live; shared between scenes if you pass one */
  content?: SceneContent
  /** model input size; default 224×224 */
  width?: number
  height?: number
  registry?: PerturbationRegistry
  /** draw the perturbed frame over the whole canvas (default true) */
  display?: boolean
  /** every finished frame, after perturbations */
  onFrame?: (frame: SceneFrame, scene: SceneRenderer) => void
  onReady?: (scene: SceneRenderer, store: SceneStore) => void
  /**
   * Paces rendering to the frames' consumer, e.g. an inference scheduler: while it is busy,
   * changes wait and the newest renders when it is ready (see `FramePacer`). Default: none, every
   * change renders at the next animation frame.
   */
  pacer?: FramePacer | null
  children?: ReactNode
}

/**
 * The perturbable scene inside your own R3F `<Canvas>`: it renders off-screen at the model's
 * input size on the canvas' WebGL context (so frames never leave the GPU), only when its state
 * changed, and by default shows the result on the canvas. Use `frameloop="demand"` on the Canvas.
 */
export function PerturberScene({ store: givenStore, content: givenContent, width = 224, height = 224, registry, display = true, onFrame, onReady, pacer = null, children }: PerturberSceneProps) {
  const gl = useThree((s) => s.gl)
  const invalidate = useThree((s) => s.invalidate)
  const store = useMemo(() => givenStore ?? createSceneStore({}, registry), [givenStore, registry])
  const content = useMemo(() => givenContent ?? new SceneContent(), [givenContent])
  const [scene, setScene] = useState<SceneRenderer | null>(null)
  const callbacks = useRef({ onFrame, onReady })
  callbacks.current = { onFrame, onReady }
  // the render loop reads the renderer from here, not from state: a frame requested right after
  // creation may run before React re-renders with it (and with `display` off, no mesh mounts to ask again)
  const sceneRef = useRef<SceneRenderer | null>(null)

  useEffect(() => {
    const sr = new SceneRenderer(gl, { width, height, registry, onInvalidate: invalidate })
    const disconnect = connectScene(sr, store, content)
    const unsubscribe = sr.subscribe((frame) => callbacks.current.onFrame?.(frame, sr))
    sceneRef.current = sr
    setScene(sr)
    callbacks.current.onReady?.(sr, store)
    invalidate()
    return () => {
      unsubscribe()
      disconnect()
      sr.dispose()
      sceneRef.current = null
      setScene(null)
    }
  }, [gl, store, content, width, height, registry, invalidate])

  useEffect(() => {
    scene?.setPacer(pacer)
  }, [scene, pacer])

  useFrame(() => {
    const current = sceneRef.current
    if (current?.needsRender) current.render()
  })

  const value = useMemo(() => ({ store, content, scene }), [store, content, scene])
  return (
    <PerturberSceneContext.Provider value={value}>
      {display && scene ? <FrameDisplay texture={scene.pipeline.output.texture} /> : null}
      {children}
    </PerturberSceneContext.Provider>
  )
}

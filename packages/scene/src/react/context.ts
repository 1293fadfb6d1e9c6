import { createContext, useContext, useEffect, useRef } from 'react'
import { useStore } from 'zustand'
import type { SceneState, SceneStore } from '../store/sceneStore'
import type { SceneContent } from '../core/SceneContent'
import type { SceneFrame, SceneRenderer } from '../core/SceneRenderer'

export interface PerturberSceneContextValue {
  store: SceneStore
  content: SceneContent
  /** null until the WebGL side is up */
  scene: SceneRenderer | null
}

export const PerturberSceneContext = createContext<PerturberSceneContextValue | null>(null)

export function usePerturberScene(): PerturberSceneContextValue {
  const value = useContext(PerturberSceneContext)
  if (!value) throw new Error('usePerturberScene must be used inside <PerturberCanvas> or <PerturberScene>')
  return value
}

/** Subscribes a component to part of the scene state (re-renders only when the selection changes). */
export function useSceneState<T>(selector: (state: SceneState) => T, store?: SceneStore): T {
  const context = useContext(PerturberSceneContext)
  const s = store ?? context?.store
  if (!s) throw new Error('useSceneState needs a store argument or a surrounding <PerturberCanvas>')
  return useStore(s, selector)
}

/** Calls `listener` for every finished frame, without re-rendering the component. */
export function useSceneFrame(listener: (frame: SceneFrame, scene: SceneRenderer) => void, scene?: SceneRenderer | null): void {
  const context = useContext(PerturberSceneContext)
  const target = scene ?? context?.scene ?? null
  const ref = useRef(listener)
  ref.current = listener
  useEffect(() => {
    if (!target) return
    return target.subscribe((frame) => ref.current(frame, target))
  }, [target])
}

import { createStore, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { FrameResult, ModelFrameResult } from '@perturber/model-runtime'

export interface FrameResultState {
  /** The latest inference result (the numbers on screen), or null before the first. */
  result: FrameResult | null
  /** The id of the frame the scene shows now; results for older frames are stale. */
  currentFrameId: number | null
  /** Stores a result; an older result arriving after a newer one is ignored. */
  publish(result: FrameResult): void
  setCurrentFrame(frameId: number): void
  reset(): void
}

export type FrameResultStore = StoreApi<FrameResultState>

/**
 * Hot per-frame state outside React: the scene and the inference scheduler write here at frame
 * rate (`onResult: store.getState().publish`), and each widget subscribes to exactly the slice it
 * draws, so a new frame id re-renders only the stale markers and a result only the widgets of the
 * models it changed.
 */
export function createFrameResultStore(): FrameResultStore {
  return createStore<FrameResultState>()((set, get) => ({
    result: null,
    currentFrameId: null,
    publish(result) {
      const previous = get().result
      if (previous && result.frameId < previous.frameId) return
      set({ result })
    },
    setCurrentFrame(frameId) {
      if (get().currentFrameId !== frameId) set({ currentFrameId: frameId })
    },
    reset() {
      set({ result: null, currentFrameId: null })
    },
  }))
}

/** Subscribes a component to a slice of a {@link FrameResultStore} (re-renders only when it changes). */
export function useFrameResultStore<T>(store: FrameResultStore, selector: (state: FrameResultState) => T): T {
  return useStore(store, selector)
}

/** One model's part of a frame result, with the frame it belongs to. */
export interface ModelResultAtFrame extends ModelFrameResult {
  frameId: number
}

const cachedByResult = new WeakMap<FrameResult, Map<string, ModelResultAtFrame | undefined>>()

/**
 * The part of the latest result for one model, as a stable object per result (selectors may
 * return it without re-rendering on unrelated state changes). Undefined when the model has none.
 */
export function selectModelResult(state: FrameResultState, modelId: string): ModelResultAtFrame | undefined {
  return modelResultOf(state.result, modelId)
}

/** {@link selectModelResult} on a result rather than the store's state. */
export function modelResultOf(result: FrameResult | null | undefined, modelId: string): ModelResultAtFrame | undefined {
  if (!result) return undefined
  let perModel = cachedByResult.get(result)
  if (!perModel) {
    perModel = new Map()
    cachedByResult.set(result, perModel)
  }
  if (!perModel.has(modelId)) {
    const model = result.models.find((m) => m.modelId === modelId)
    perModel.set(modelId, model && { ...model, frameId: result.frameId })
  }
  return perModel.get(modelId)
}

/** A result is stale when it belongs to an older frame than the one on screen. */
export function isStaleFrame(resultFrameId: number | null | undefined, currentFrameId: number | null | undefined): boolean {
  return resultFrameId != null && currentFrameId != null && resultFrameId < currentFrameId
}

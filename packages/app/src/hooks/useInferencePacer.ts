import { useMemo } from 'react'
import type { InferenceScheduler } from '@perturber/model-runtime'
import type { FramePacer } from '@perturber/scene'
import type { SceneFrames } from './useSceneFrames'

/**
 * Paces the scene to inference, one frame ahead: the scene may render when no frame waits for the
 * scheduler and none is being read back, i.e. right when an inference starts (its frame is then
 * rendered and read back on the GPU while the CPU infers) and when the scheduler goes idle.
 * Null without a scheduler (no pacing).
 */
export function useInferencePacer(scheduler: InferenceScheduler | null, frames: SceneFrames): FramePacer | null {
  return useMemo<FramePacer | null>(
    () =>
      scheduler && {
        ready: () => !scheduler.waiting && !frames.reading(),
        subscribe(listener) {
          const unsubscribeScheduler = scheduler.subscribeReady(listener)
          const unsubscribeRead = frames.subscribeRead(listener)
          return () => (unsubscribeScheduler(), unsubscribeRead())
        },
      },
    [scheduler, frames],
  )
}

import { useFrameResultStore, type FrameResultStore } from '@perturber/viz'

/** "frame 12 · results of frame 11": which frame is on screen and which one the numbers belong to. */
export function FrameStatus({ results }: { results: FrameResultStore }) {
  const current = useFrameResultStore(results, (s) => s.currentFrameId)
  const computed = useFrameResultStore(results, (s) => s.result?.frameId ?? null)
  const elapsed = useFrameResultStore(results, (s) => s.result?.elapsedMs ?? null)
  return (
    <div className="pa-status" data-testid="frame-status" data-frame-id={current ?? ''} data-result-frame-id={computed ?? ''}>
      {current === null ? 'Rendering the scene…' : `Frame ${current}`}
      {computed === null ? '' : ` · results of frame ${computed}${elapsed === null ? '' : ` (${Math.round(elapsed)} ms)`}`}
    </div>
  )
}

import { useEffect, useState, useSyncExternalStore } from 'react'
import { SweepFigure } from '../components/SweepFigure'
import type { PerturberSession } from '../session/PerturberSession'
import { sampleScene } from '../sweep/sampleState'
import { startSweep, type SweepRun } from '../sweep/SweepRunner'

const THUMBNAIL_SIZE = 48

/**
 * A figure's sweep: the one its state carries, run once the figure's models are in, and plotted
 * as it fills in (a reader sees the curves grow). Clicking a sample moves the figure's scene there.
 */
export function FigureSweep({ session }: { session: PerturberSession }) {
  const [run, setRun] = useState<SweepRun | null>(null)
  useEffect(() => {
    const sweep = session.controls.sweep
    if (!sweep) return
    const started = startSweep(session, { version: 1, ...sweep }, { thumbnailSize: THUMBNAIL_SIZE })
    setRun(started)
    return () => started.cancel()
  }, [session])
  if (!run) return null
  return <FigureSweepRun run={run} session={session} />
}

function FigureSweepRun({ run, session }: { run: SweepRun; session: PerturberSession }) {
  const state = useSyncExternalStore(run.store.subscribe, run.store.getState)
  const moveTo = (index: number) => {
    const sample = state.result?.samples.find((s) => s.index === index)
    if (!state.result || !sample) return
    session.scene.getState().restore(sampleScene(state.result.spec.base.scene, state.result.spec.design, sample.values, session.registry))
  }
  return (
    <div className="pf-sweep">
      {state.status === 'failed' ? (
        <div className="pa-error" role="alert">
          The sweep stopped: {state.error}
        </div>
      ) : state.status !== 'done' ? (
        <div className="pa-status" role="status">
          Sweep: {state.done} / {state.total} samples{state.remainingMs !== null && state.done > 0 ? `, about ${Math.ceil(state.remainingMs / 1000)} s left` : '…'}
        </div>
      ) : null}
      {state.result ? <SweepFigure result={state.result} thumbnails={run.thumbnails} onPick={moveTo} registry={session.registry} /> : null}
    </div>
  )
}

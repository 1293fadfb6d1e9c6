import type { BatchRunState } from './BatchRun'

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`

/** A batch's progress: images done of all, time so far and left, and why it stopped when it failed. */
export function BatchProgress({ state }: { state: BatchRunState }) {
  const left = state.remainingMs !== null && state.done > 0 ? ` · about ${seconds(state.remainingMs)} left` : ''
  const what = state.status === 'paused' ? 'paused' : state.status === 'cancelled' ? 'cancelled' : state.status === 'failed' ? 'stopped' : state.status === 'done' ? 'done' : 'running'
  return (
    <div className="pa-sweep-progress" role="status" aria-label="Batch progress">
      <progress value={state.done} max={state.total || 1} />
      <span>
        {state.done} / {state.total} images · {seconds(state.elapsedMs)}
        {left} · {what}
      </span>
      {state.error ? <p role="alert">{state.error}</p> : null}
    </div>
  )
}

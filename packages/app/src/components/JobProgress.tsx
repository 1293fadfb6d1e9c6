import type { JobState } from '../session/jobControl'

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
const words = { starting: 'running', running: 'running', paused: 'paused', cancelled: 'cancelled', failed: 'stopped', done: 'done' } as const

/**
 * A background job's progress (sweep, batch, experiment): items done of all, time so far and
 * left, its state, and why it stopped when it failed. `label` names it for assistive technology
 * ("Sweep progress"); `items` counts in the user's terms ("samples").
 */
export function JobProgress({ state, label, items }: { state: JobState<unknown>; label: string; items: string }) {
  const left = state.remainingMs !== null && state.done > 0 ? ` · about ${seconds(state.remainingMs)} left` : ''
  return (
    <div className="pa-sweep-progress" role="status" aria-label={label}>
      <progress value={state.done} max={state.total || 1} />
      <span>
        {state.done} / {state.total} {items} · {seconds(state.elapsedMs)}
        {left} · {words[state.status]}
      </span>
      {state.error ? <p role="alert">{state.error}</p> : null}
    </div>
  )
}

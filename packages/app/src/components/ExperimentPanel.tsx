import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { SCENE_OBJECTS } from '../experiments/objects'
import { yawFluctuationToCsv, yawFluctuationToJson } from '../experiments/yawCsv'
import { startYawFluctuation, type YawFluctuationRun, type YawFluctuationState } from '../experiments/YawFluctuationRun'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { JobProgress } from './JobProgress'
import { saveText } from './saveText'
import { YawFluctuationFigure } from './YawFluctuationFigure'

const idle: YawFluctuationState = { status: 'done', total: 0, done: 0, elapsedMs: 0, remainingMs: null, error: null, result: null }
const noRunStore = { getState: () => idle, subscribe: () => () => {} }

/**
 * The app's experiment section: the Perturber thesis' yaw fluctuation score (§7.3.1) on the shown
 * models for the chosen objects, run in the background (pause, resume, cancel) with its figure
 * filling in, exportable as JSON and CSV. The run shows each object in turn in the scene; the
 * user's object comes back when it ends.
 */
export function ExperimentPanel({ session }: { session: PerturberSession }) {
  const shownCount = useSession(session, (s) => s.shown.length)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(SCENE_OBJECTS.map((o) => o.name)))
  const [run, setRun] = useState<YawFluctuationRun | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const state = useSyncExternalStore((l) => (run?.store ?? noRunStore).subscribe(l), () => (run?.store ?? noRunStore).getState())
  const runRef = useRef(run)
  runRef.current = run
  useEffect(() => () => runRef.current?.cancel(), [])
  const running = run !== null && (state.status === 'running' || state.status === 'paused' || state.status === 'starting')
  const result = state.result

  const start = () => {
    try {
      const next = startYawFluctuation(session, { objects: SCENE_OBJECTS.filter((o) => chosen.has(o.name)).map((o) => o.name) })
      run?.cancel()
      setRun(next)
      setProblem(null)
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e))
    }
  }
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(name)
    else next.delete(name)
    setChosen(next)
  }

  return (
    <details className="pa-sweep pa-experiment" aria-label="Experiments">
      <summary>Experiments</summary>
      <p className="pa-sweep-message">
        Yaw fluctuation (Perturber thesis §7.3.1): how much each model’s top-10 logits move as the camera orbits each object (28 views an object). The run shows each object in turn in the scene; yours comes back at the end.
      </p>
      <fieldset className="pa-experiment-objects" disabled={running} style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 10px', border: 0, padding: 0 }}>
        <legend>Objects</legend>
        {SCENE_OBJECTS.map((o) => (
          <label key={o.name}>
            <input type="checkbox" checked={chosen.has(o.name)} onChange={(e) => toggle(o.name, e.target.checked)} /> {o.name}
          </label>
        ))}
      </fieldset>
      <div className="pa-sweep-actions">
        {running ? (
          <>
            <button type="button" onClick={() => (state.status === 'paused' ? run!.resume() : run!.pause())}>{state.status === 'paused' ? 'Resume' : 'Pause'}</button>
            <button type="button" onClick={() => run!.cancel()}>Cancel</button>
          </>
        ) : (
          <button type="button" disabled={shownCount === 0 || chosen.size === 0} onClick={start}>
            Run yaw fluctuation
          </button>
        )}
        <button type="button" disabled={!result || running} onClick={() => result && saveText(yawFluctuationToJson(result), 'yaw-fluctuation.json', 'application/json')}>
          Export JSON
        </button>
        <button type="button" disabled={!result || running} onClick={() => result && saveText(yawFluctuationToCsv(result), 'yaw-fluctuation.csv', 'text/csv')}>
          Export CSV
        </button>
      </div>
      {shownCount === 0 ? <p className="pa-sweep-message">Load a model to run an experiment.</p> : null}
      {problem ? (
        <p className="pa-sweep-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {run ? <JobProgress state={state} label="Experiment progress" items="prototypes" /> : null}
      {result ? <YawFluctuationFigure result={result} /> : null}
    </details>
  )
}

import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { backgroundDependenceToCsv, backgroundDependenceToJson } from '../experiments/backgroundCsv'
import { startBackgroundDependence, type BackgroundDependenceResult } from '../experiments/BackgroundDependenceRun'
import { SCENE_OBJECTS } from '../experiments/objects'
import { recognitionToCsv, recognitionToJson } from '../experiments/recognitionCsv'
import { startRecognition, type RecognitionResult, type RecognitionRun } from '../experiments/RecognitionRun'
import type { SceneExperiment } from '../experiments/SceneExperiment'
import { yawFluctuationToCsv, yawFluctuationToJson } from '../experiments/yawCsv'
import { startYawFluctuation, type YawFluctuationResult } from '../experiments/YawFluctuationRun'
import type { JobState } from '../session/jobControl'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { BackgroundDependenceFigure } from './BackgroundDependenceFigure'
import { JobProgress } from './JobProgress'
import { RecognitionTable } from './RecognitionTable'
import { saveText } from './saveText'
import { YawFluctuationFigure } from './YawFluctuationFigure'

/** One experiment as the panel offers it. */
interface ExperimentEntry<R> {
  label: string
  about: string
  /** what the progress counts */
  items: string
  /** the export files' stem */
  file: string
  start(session: PerturberSession, objects: string[]): SceneExperiment<R>
  /** the run's figure; `job` is the run `start` gave */
  figure(result: R, job: SceneExperiment<R>): ReactNode
  csv(result: R): string
  json(result: R): string
}

const entry = <R, J extends SceneExperiment<R> = SceneExperiment<R>>(e: Omit<ExperimentEntry<R>, 'start' | 'figure'> & { start(session: PerturberSession, objects: string[]): J; figure(result: R, job: J): ReactNode }) =>
  e as unknown as ExperimentEntry<unknown>

/** The recognition table's thumbnails, in CSS px (kept at this many pixels). */
const RECOGNITION_THUMBNAIL = 48

const EXPERIMENTS = {
  yaw: entry<YawFluctuationResult>({
    label: 'Yaw fluctuation',
    about: 'Perturber thesis §7.3.1: how much each model’s top-10 logits move as the camera orbits each object (28 views an object), against the current background.',
    items: 'prototypes',
    file: 'yaw-fluctuation',
    start: (session, objects) => startYawFluctuation(session, { objects }),
    figure: (result) => <YawFluctuationFigure result={result} />,
    csv: yawFluctuationToCsv,
    json: yawFluctuationToJson,
  }),
  background: entry<BackgroundDependenceResult>({
    label: 'Background dependence',
    about: 'Perturber thesis §7.3.2 (after the Background Challenge): accuracy among the objects with each object’s own background, the others’, plain grey, and the background alone (10 views each).',
    items: 'steps',
    file: 'background-dependence',
    start: (session, objects) => startBackgroundDependence(session, { objects }),
    figure: (result) => <BackgroundDependenceFigure result={result} />,
    csv: backgroundDependenceToCsv,
    json: backgroundDependenceToJson,
  }),
  recognition: entry<RecognitionResult, RecognitionRun>({
    label: 'Recognition',
    about: 'Does each model see the objects as what they are: the default view and the yaw sweep before each object’s own background, and which cue wins when a shape wears its pair partner’s texture.',
    items: 'steps',
    file: 'recognition',
    start: (session, objects) => startRecognition(session, { objects, thumbnailSize: RECOGNITION_THUMBNAIL }),
    figure: (result, job) => <RecognitionTable result={result} thumbnail={(object, view) => job.thumbnail(object, view)} thumbnailSize={RECOGNITION_THUMBNAIL} />,
    csv: recognitionToCsv,
    json: recognitionToJson,
  }),
}
type ExperimentId = keyof typeof EXPERIMENTS

const idle: JobState<unknown> = { status: 'done', total: 0, done: 0, elapsedMs: 0, remainingMs: null, error: null, result: null }
const noRunStore = { getState: () => idle, subscribe: () => () => {} }

/**
 * The app's experiment section: the Perturber thesis' quantitative experiments (yaw fluctuation,
 * background dependence) and a recognition check with the cue conflicts, on the shown models for the chosen objects, run in the background
 * (pause, resume, cancel) with the figure filling in, exportable as JSON and CSV. A run shows
 * each object (and background) in turn in the scene; the user's come back when it ends.
 */
export function ExperimentPanel({ session }: { session: PerturberSession }) {
  const shownCount = useSession(session, (s) => s.shown.length)
  const [kind, setKind] = useState<ExperimentId>('yaw')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(SCENE_OBJECTS.map((o) => o.name)))
  const [run, setRun] = useState<{ kind: ExperimentId; job: SceneExperiment<unknown> } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const store = run?.job.store ?? noRunStore
  const state = useSyncExternalStore((l) => store.subscribe(l), () => store.getState())
  const runRef = useRef(run)
  runRef.current = run
  useEffect(() => () => runRef.current?.job.cancel(), [])
  const running = run !== null && (state.status === 'running' || state.status === 'paused' || state.status === 'starting')
  const shown = run ? EXPERIMENTS[run.kind] : null
  const result = state.result

  const start = () => {
    try {
      const job = EXPERIMENTS[kind].start(session, SCENE_OBJECTS.filter((o) => chosen.has(o.name)).map((o) => o.name))
      run?.job.cancel()
      setRun({ kind, job })
      setProblem(null)
    } catch (e) {
      // refused before anything ran (an object or a model it cannot use): what is on screen stays
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
      <label>
        Experiment{' '}
        <select value={kind} disabled={running} onChange={(e) => setKind(e.target.value as ExperimentId)}>
          {(Object.keys(EXPERIMENTS) as ExperimentId[]).map((id) => (
            <option key={id} value={id}>
              {EXPERIMENTS[id].label}
            </option>
          ))}
        </select>
      </label>
      <p className="pa-sweep-message">{EXPERIMENTS[kind].about} The run shows each object in turn in the scene; yours comes back at the end.</p>
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
            <button type="button" onClick={() => (state.status === 'paused' ? run!.job.resume() : run!.job.pause())}>{state.status === 'paused' ? 'Resume' : 'Pause'}</button>
            <button type="button" onClick={() => run!.job.cancel()}>Cancel</button>
          </>
        ) : (
          <button type="button" disabled={shownCount === 0 || chosen.size === 0} onClick={start}>
            Run {EXPERIMENTS[kind].label.toLowerCase()}
          </button>
        )}
        <button type="button" disabled={!result || running} onClick={() => result && shown && saveText(shown.json(result), `${shown.file}.json`, 'application/json')}>
          Export JSON
        </button>
        <button type="button" disabled={!result || running} onClick={() => result && shown && saveText(shown.csv(result), `${shown.file}.csv`, 'text/csv')}>
          Export CSV
        </button>
      </div>
      {shownCount === 0 ? <p className="pa-sweep-message">Load a model to run an experiment.</p> : null}
      {problem ? (
        <p className="pa-sweep-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {run && shown ? <JobProgress state={state} label="Experiment progress" items={shown.items} /> : null}
      {result && shown && run ? shown.figure(result, run.job) : null}
    </details>
  )
}

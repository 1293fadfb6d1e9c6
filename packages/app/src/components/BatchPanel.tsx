import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type DragEvent } from 'react'
import { useStore } from 'zustand'
import { BatchMistakes } from '../batch/BatchMistakes'
import { defaultBatchSettings, startBatch, type BatchRun, type BatchRunState } from '../batch/BatchRun'
import { BatchTables } from '../batch/BatchTables'
import { corruptionSettings, isCorruptionBenchmark } from '../batch/corruptions'
import { droppedFiles } from '../batch/dropFiles'
import { BATCH_LIMITS, batchFiles, folderOf, screenFiles, type BatchFile, type BatchInput, type SkippedFile } from '../batch/images'
import { SCENE_VIEW_LIMITS, sceneViews } from '../batch/sceneViews'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { CorruptionChoice, allCorruptions } from './CorruptionChoice'
import { CorruptionReport } from './CorruptionReport'
import { JobProgress } from './JobProgress'

const idle: BatchRunState = { status: 'done', total: 0, done: 0, elapsedMs: 0, remainingMs: null, error: null, result: null }
const noRunStore = { getState: () => idle, subscribe: () => () => {} }
/** `webkitdirectory` makes a file input pick a whole folder (every browser has it; React's types do not). */
const folderPicker = { webkitdirectory: '' } as object

type Message = { text: string; alert: boolean }

/**
 * The app's batch section: pick or drop a folder of images, or render random views of the scene's
 * object pair (labelled with the ends' names: the zoo's classes for built-in pairs); every image goes through the
 * perturbation settings (clean, and the current chain when it has anything on) and the shown
 * models in the background (pause, resume, cancel; the live view stays usable), or through the
 * ImageNet-C corruption benchmark (each corruption alone at the chosen severities; a
 * `CorruptionReport` of errors, CE and mCE, kept for the images finished when cancelled). Shows accuracy
 * per model and setting (labels from folder or file names), agreement between models, the files
 * skipped and why, and the mistaken images to browse. A folder that cannot be evaluated is refused
 * with a message and leaves everything, a batch under way included, as it was.
 */
export function BatchPanel({ session }: { session: PerturberSession }) {
  const shownCount = useSession(session, (s) => s.shown.length)
  const chain = useStore(session.scene, (s) => s.chain)
  const [labels, setLabels] = useState(true)
  const [withCurrent, setWithCurrent] = useState(true)
  const [benchmark, setBenchmark] = useState(false)
  const [corruptions, setCorruptions] = useState(() => allCorruptions(session.registry))
  const [run, setRun] = useState<BatchRun | null>(null)
  const [files, setFiles] = useState<BatchFile[]>([])
  const [message, setMessage] = useState<Message | null>(null)
  const [dragging, setDragging] = useState(false)
  const [viewsPerEnd, setViewsPerEnd] = useState(20)
  const [viewsOf, setViewsOf] = useState<'current' | 'all'>('current')
  /** counts runs, so that a new run's mistakes start from its own settings */
  const [runCount, setRunCount] = useState(0)
  const runState = useSyncExternalStore((l) => (run?.store ?? noRunStore).subscribe(l), () => (run?.store ?? noRunStore).getState())
  const runRef = useRef(run)
  runRef.current = run
  useEffect(() => () => runRef.current?.cancel(), [])

  const settings = useMemo(() => defaultBatchSettings(chain, session.registry), [chain, session.registry])
  const current = settings.find((s) => s.id === 'current')
  const running = run !== null && (runState.status === 'running' || runState.status === 'paused' || runState.status === 'starting')
  const result = runState.result
  const disabled = shownCount === 0

  /** the run's settings, or why there are none (a benchmark without corruptions or severities) */
  const runSettings = () => {
    if (benchmark) return corruptionSettings(chain, session.registry, corruptions)
    return withCurrent ? settings : settings.filter((s) => s.id === 'clean')
  }
  const begin = (inputs: readonly BatchInput[], picked: BatchFile[], skipped: readonly SkippedFile[], text: string) => {
    run?.cancel()
    setFiles(picked)
    setRunCount((n) => n + 1)
    const next = startBatch(session, inputs, { labels, skipped, settings: runSettings() })
    setRun(next)
    setMessage({ text, alert: false })
    return next
  }
  /** refuses, with a message, what cannot run, before any file is read or view rendered */
  const settingsProblem = () => {
    try {
      runSettings()
      return null
    } catch (e) {
      return e instanceof Error ? e.message : String(e)
    }
  }
  const start = (picked: BatchFile[]) => {
    const problem = settingsProblem()
    if (problem) return setMessage({ text: problem, alert: true })
    let screened: ReturnType<typeof screenFiles>
    try {
      screened = screenFiles(picked)
    } catch (e) {
      // refused before anything is read: the batch on screen (and any under way) stays
      return setMessage({ text: e instanceof Error ? e.message : String(e), alert: true })
    }
    const { images, skipped } = screened
    const from = folderOf(picked)
    const left = skipped.length ? ` (${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped)` : ''
    begin(images, images, skipped, `Evaluating ${images.length} image${images.length === 1 ? '' : 's'}${from ? ` from ${from}` : ''}${left}.`)
  }
  const renderViews = () => {
    const problem = settingsProblem()
    if (problem) return setMessage({ text: problem, alert: true })
    let views: ReturnType<typeof sceneViews>
    try {
      views = sceneViews(session, { perEnd: viewsPerEnd, objects: viewsOf })
    } catch (e) {
      return setMessage({ text: e instanceof Error ? e.message : String(e), alert: true })
    }
    const what = viewsOf === 'all' ? 'of all ten objects' : "of the scene's object"
    // the user's object comes back however the batch ends
    void begin(views.inputs, [], [], `Evaluating ${views.inputs.length} rendered views ${what} (${viewsPerEnd} of each end, random cameras).`).finished.finally(views.restore)
  }
  const drop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    if (disabled) return
    droppedFiles(e.dataTransfer).then(start, (error: unknown) => setMessage({ text: error instanceof Error ? error.message : String(error), alert: true }))
  }
  const pick = (list: FileList | null) => list && list.length > 0 && start(batchFiles(list))
  const original = (index: number) => files[index]?.file

  return (
    <details className="pa-sweep pa-batch" open aria-label="Batch evaluation">
      <summary>Batch evaluation</summary>
      <div
        className="pa-batch-drop"
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        style={{ border: `1px dashed ${dragging ? '#1f5fa8' : '#b8bec6'}`, borderRadius: 4, padding: 8, display: 'grid', gap: 4 }}
      >
        <span>{disabled ? 'Load a model to evaluate images.' : 'Drop a folder of images here (PNG, JPEG or WebP), or'}</span>
        <div className="pa-sweep-actions">
          <label className="pa-sweep-import">
            choose a folder…
            <input type="file" multiple hidden disabled={disabled} aria-label="Choose a folder of images" {...folderPicker} onChange={(e) => (pick(e.target.files), (e.target.value = ''))} />
          </label>
          <label className="pa-sweep-import">
            choose images…
            <input type="file" multiple hidden disabled={disabled} accept="image/png,image/jpeg,image/webp" aria-label="Choose images" onChange={(e) => (pick(e.target.files), (e.target.value = ''))} />
          </label>
        </div>
        <div className="pa-sweep-actions">
          <span>or render</span>
          <input
            type="number"
            min={1}
            max={SCENE_VIEW_LIMITS.perEnd}
            step={1}
            value={Number.isFinite(viewsPerEnd) ? viewsPerEnd : ''}
            disabled={disabled}
            aria-label="Views of each end of the object"
            style={{ width: '4.5em' }}
            onChange={(e) => setViewsPerEnd(e.target.valueAsNumber)}
          />
          <button type="button" disabled={disabled} onClick={renderViews}>
            views of each end of
          </button>
          <select value={viewsOf} disabled={disabled} aria-label="Objects to render" onChange={(e) => setViewsOf(e.target.value as 'current' | 'all')}>
            <option value="current">the scene's object</option>
            <option value="all">all ten objects (a zoo-like split)</option>
          </select>
        </div>
        <small>
          Labels: a folder or file name that names a class (dog/001.jpg, dog_001.jpg). At most {BATCH_LIMITS.images.toLocaleString('en-US')} images of{' '}
          {BATCH_LIMITS.imageBytes / 1048576} MB and {BATCH_LIMITS.imageSide} pixels a side; each is cropped to the centre and resized to the model's input.
        </small>
      </div>
      <label>
        <input type="checkbox" checked={labels} disabled={running} onChange={(e) => setLabels(e.target.checked)} /> labels from folder and file names
      </label>
      <label>
        Settings{' '}
        <select value={benchmark ? 'imagenet-c' : 'current'} disabled={running} aria-label="Perturbation settings" onChange={(e) => setBenchmark(e.target.value === 'imagenet-c')}>
          <option value="current">clean and the current perturbations</option>
          <option value="imagenet-c">ImageNet-C benchmark (each corruption alone)</option>
        </select>
      </label>
      {benchmark ? (
        <CorruptionChoice registry={session.registry} value={corruptions} onChange={setCorruptions} disabled={running} />
      ) : (
        <label>
          <input type="checkbox" checked={withCurrent && !!current} disabled={running || !current} onChange={(e) => setWithCurrent(e.target.checked)} /> also with the {current ? current.name.replace(/^current/, 'current perturbations') : 'current perturbations (none is on)'}
        </label>
      )}
      {running ? (
        <div className="pa-sweep-actions">
          <button type="button" onClick={() => (runState.status === 'paused' ? run!.resume() : run!.pause())}>{runState.status === 'paused' ? 'Resume' : 'Pause'}</button>
          <button type="button" onClick={() => run!.cancel()}>Cancel</button>
        </div>
      ) : null}
      {message ? (
        <p className={message.alert ? 'pa-sweep-problem' : 'pa-sweep-message'} role={message.alert ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      {run ? <JobProgress state={runState} label="Batch progress" items="images" /> : null}
      {result && result.items.length > 0 ? isCorruptionBenchmark(result) ? <CorruptionReport result={result} /> : <BatchTables result={result} /> : null}
      {result && result.skipped.length > 0 ? (
        <details className="pa-batch-skipped">
          <summary>
            {result.skipped.length} file{result.skipped.length === 1 ? '' : 's'} skipped
          </summary>
          <ul aria-label="Skipped files">
            {result.skipped.map((s, i) => (
              <li key={i}>
                {s.name}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {result && run && result.items.length > 0 ? <BatchMistakes key={runCount} result={result} thumbnail={(item, setting) => run.thumbnail(item, setting)} original={original} /> : null}
    </details>
  )
}

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { sampleState } from '../sweep/result'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { sweepFromCsv, sweepToCsv } from '../sweep/csv'
import { sweepFromJson, sweepToJson } from '../sweep/json'
import { startSweep, type SweepRun, type SweepRunState } from '../sweep/SweepRunner'
import { SWEEP_LIMITS, type SweepResult, type SweepSpec } from '../sweep/types'
import { SweepDesignFields, defaultSweepDesign, designOf, draftOf, type SweepDesignDraft } from './SweepDesignFields'
import { SweepFigure } from './SweepFigure'
import { JobProgress } from './JobProgress'
import { saveText } from './saveText'

/** Thumbnails kept per sample for the weighted-inputs view. */
const THUMBNAIL_SIZE = 48

const idle: SweepRunState = { status: 'done', total: 0, done: 0, elapsedMs: 0, remainingMs: null, error: null, result: null }
const noRunStore = { getState: () => idle, subscribe: () => () => {} }

/**
 * The app's sweep section: choose one or two parameters (or random states), run it in the
 * background on the live session (pause, resume, cancel; the live view stays usable), see the
 * tuning curves or heatmaps of every shown model, click a sample to move the live scene there,
 * and export or import the result as JSON or CSV.
 */
export function SweepPanel({ session }: { session: PerturberSession }) {
  const layer = useSession(session, (s) => s.controls.layer)
  const shownCount = useSession(session, (s) => s.shown.length)
  // a link's sweep is what the form opens with
  const [draft, setDraft] = useState<SweepDesignDraft>(() => (session.controls.sweep ? draftOf(session.controls.sweep.design) : defaultSweepDesign))
  const [recordLayer, setRecordLayer] = useState(() => !session.controls.sweep || !!session.controls.sweep.record.layer)
  const [run, setRun] = useState<SweepRun | null>(null)
  const [imported, setImported] = useState<SweepResult | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const runState = useSyncExternalStore((l) => (run?.store ?? noRunStore).subscribe(l), () => (run?.store ?? noRunStore).getState())
  const runRef = useRef(run)
  runRef.current = run
  useEffect(() => () => runRef.current?.cancel(), [])

  const design = useMemo(() => designOf(draft, session.registry), [draft, session.registry])
  const running = run !== null && (runState.status === 'running' || runState.status === 'paused' || runState.status === 'starting')
  const result = imported ?? runState.result

  const start = () => {
    if (typeof design === 'string') return
    const spec: SweepSpec = { version: 1, design, record: recordLayer && layer ? { layer } : {} }
    // the sweep run is the one a link shares
    session.setControls((c) => ({ ...c, sweep: { design: spec.design, record: spec.record } }))
    run?.cancel()
    setImported(null)
    setMessage(null)
    setRun(startSweep(session, spec, { thumbnailSize: THUMBNAIL_SIZE }))
  }
  const pick = (index: number) => {
    if (!result) return
    const state = sampleState(result, index, session.registry)
    session.scene.getState().restore({ params: state.scene.params, chain: state.scene.chain })
    if (state.attack.epsilon !== session.controls.attack.epsilon) session.setControls((c) => ({ ...c, attack: { ...c.attack, epsilon: state.attack.epsilon } }))
  }
  const importFile = async (file: File) => {
    try {
      if (file.size > SWEEP_LIMITS.importBytes) throw new Error(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB, over the ${SWEEP_LIMITS.importBytes / 1048576} MB a sweep may have.`)
      const text = await file.text()
      const read = text.trimStart().startsWith('{') ? sweepFromJson(text, session.registry) : sweepFromCsv(text, session.registry)
      run?.cancel()
      setRun(null)
      setImported(read)
      setMessage(`Imported ${file.name}: ${read.samples.length} of ${read.total} samples.`)
    } catch (e) {
      // the sweep on screen (and any run) stays as it was
      setMessage(`${file.name} was not imported: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  return (
    <details className="pa-sweep" open aria-label="Sweep">
      <summary>Sweep</summary>
      <SweepDesignFields value={draft} onChange={setDraft} registry={session.registry} disabled={running} />
      <label className="pa-sweep-record">
        <input type="checkbox" checked={recordLayer && !!layer} disabled={!layer || running} onChange={(e) => setRecordLayer(e.target.checked)} /> record the channel means of {layer ?? 'the selected layer'}
      </label>
      {typeof design === 'string' ? <p className="pa-sweep-problem" role="alert">{design}</p> : null}
      <div className="pa-sweep-actions">
        <button type="button" onClick={start} disabled={typeof design === 'string' || shownCount === 0 || running}>
          Run sweep
        </button>
        {running ? (
          <>
            <button type="button" onClick={() => (runState.status === 'paused' ? run!.resume() : run!.pause())}>{runState.status === 'paused' ? 'Resume' : 'Pause'}</button>
            <button type="button" onClick={() => run!.cancel()}>Cancel</button>
          </>
        ) : null}
        <ExportButtons result={result} disabled={running} registry={session.registry} />
        <label className="pa-sweep-import">
          Import…
          <input type="file" hidden onChange={(e) => (e.target.files?.[0] && importFile(e.target.files[0]), (e.target.value = ''))} />
        </label>
      </div>
      {run && !imported ? <JobProgress state={runState} label="Sweep progress" items="samples" /> : null}
      {message ? <p className="pa-sweep-message" role="status">{message}</p> : null}
      {result ? <SweepFigure result={result} thumbnails={imported ? undefined : run?.thumbnails} onPick={pick} registry={session.registry} /> : null}
    </details>
  )
}

function ExportButtons({ result, disabled, registry }: { result: SweepResult | null; disabled: boolean; registry: PerturbationRegistry }) {
  const save = saveText
  return (
    <>
      <button type="button" disabled={!result || disabled} onClick={() => result && save(sweepToJson(result), 'sweep.json', 'application/json')}>
        Export JSON
      </button>
      <button type="button" disabled={!result || disabled} onClick={() => result && save(sweepToCsv(result, registry), 'sweep.csv', 'text/csv')}>
        Export CSV
      </button>
    </>
  )
}

import { useEffect, useMemo, useRef, useState } from 'react'
import { featureVisualizationsFor, type ActivationMaps, type DatapathProgress } from '@perturber/model-runtime'
import { ActivationMap, modelColors } from '@perturber/viz'
import { CHANNEL_INDEX_GROUP } from '@perturber/viz/controls'
import { CriticalMapSets, LayerOverview } from '@perturber/viz/datapath'
import { FeatureVisTile } from '@perturber/viz'
import { DATAPATH_COMPARISONS, compareOnSession, type DatapathComparison, type DatapathPair } from '../experiments/compareOnSession'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'

const SIDE_COLORS = [modelColors.model1, '#a4262c'] as const

/**
 * The app's datapath section (AEVis): extracts the datapaths of two inputs — this frame on Model 1
 * and Model 2, or Model 1 without and with the current perturbations — for the class Model 1
 * predicts, in the background (cancel), then shows where they part ways layer by layer (activation
 * cosine and critical-set Jaccard on the wrapped layer overview), a chosen layer's critical maps as
 * shared and unique sets, and a chosen map's activation on both inputs with its feature
 * visualization. Choosing a map shows it in the activation view; changing the activation view's
 * layer or channel follows here.
 */
export function DatapathPanel({ session }: { session: PerturberSession }) {
  const shownCount = useSession(session, (s) => s.shown.length)
  const layer = useSession(session, (s) => s.controls.layer)
  const neurons = useSession(session, (s) => s.controls.neurons)
  const [comparison, setComparison] = useState<DatapathComparison>('perturbations')
  const [pair, setPair] = useState<DatapathPair | null>(null)
  const [progress, setProgress] = useState<{ side: 0 | 1; progress: DatapathProgress } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const abort = useRef<AbortController | null>(null)
  useEffect(() => () => abort.current?.abort(), [])

  const extract = () => {
    abort.current?.abort()
    const controller = (abort.current = new AbortController())
    setProblem(null)
    setProgress({ side: 0, progress: { stage: 'gradients', done: 0, total: 1 } })
    compareOnSession(session, comparison, { signal: controller.signal, onProgress: (side, p) => setProgress({ side, progress: p }) })
      .then((next) => setPair(next))
      .catch((e: unknown) => {
        // a cancelled extraction leaves the last result on screen
        if (!(e instanceof Error && e.name === 'AbortError')) setProblem(e instanceof Error ? e.message : String(e))
      })
      .finally(() => abort.current === controller && ((abort.current = null), setProgress(null)))
  }

  const layers = useMemo(() => {
    if (!pair) return []
    const info = new Map(pair.sides[0].model.layers.map((l) => [l.name, l]))
    return pair.divergence.map((d) => ({ name: d.layer, block: info.get(d.layer)?.block, stats: [d.cosine, d.jaccard] }))
  }, [pair])
  const shownLayer = layer && layers.some((l) => l.name === layer) ? layer : null
  const channel = neurons.group === CHANNEL_INDEX_GROUP ? (neurons.start ?? 0) : null
  const selectMap = (c: number) => session.setControls((controls) => ({ ...controls, neurons: { ...controls.neurons, group: CHANNEL_INDEX_GROUP, start: c } }))
  const selectLayer = (name: string) => session.setControls((controls) => ({ ...controls, layer: name }))
  const at = (side: 0 | 1) => pair?.sides[side].datapath.layers.find((l) => l.layer === shownLayer)

  return (
    <details className="pa-sweep pa-datapath" aria-label="Datapaths">
      <summary>Datapaths</summary>
      <label>
        Compare{' '}
        <select value={comparison} disabled={!!progress} onChange={(e) => setComparison(e.target.value as DatapathComparison)}>
          {(Object.keys(DATAPATH_COMPARISONS) as DatapathComparison[]).map((c) => (
            <option key={c} value={c}>
              {DATAPATH_COMPARISONS[c]}
            </option>
          ))}
        </select>
      </label>
      <div className="pa-sweep-actions">
        {progress ? (
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        ) : (
          <button type="button" disabled={shownCount === 0} onClick={extract}>
            Extract datapaths
          </button>
        )}
      </div>
      {progress ? (
        <p className="pa-sweep-message" role="status" aria-label="Datapath progress">
          {progress.side === 0 ? 'First' : 'Second'} datapath: {progress.progress.stage === 'gradients' ? 'gradients' : 'solving layers'} {progress.progress.done} / {progress.progress.total}
        </p>
      ) : null}
      {problem ? (
        <p className="pa-sweep-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {pair ? (
        <div style={{ display: 'grid', gap: 8 }}>
          <p className="pa-sweep-message">
            The datapaths of “{pair.className}”, {pair.sides[0].name} vs {pair.sides[1].name}: where the dots drop, the two part ways. Choose a layer, then a map.
          </p>
          <LayerOverview layers={layers} statNames={['activation cosine', 'critical-set Jaccard']} width={460} selected={shownLayer} onSelect={selectLayer} />
          {shownLayer && at(0) && at(1) ? (
            <CriticalMapSets
              sets={[
                { name: pair.sides[0].name, color: SIDE_COLORS[0], critical: at(0)!.critical, values: at(0)!.z },
                { name: pair.sides[1].name, color: SIDE_COLORS[1], critical: at(1)!.critical, values: at(1)!.z },
              ]}
              width={460}
              selected={channel}
              onSelect={selectMap}
            />
          ) : null}
          {shownLayer && channel !== null ? <DatapathNeuron session={session} pair={pair} layer={shownLayer} channel={channel} /> : null}
        </div>
      ) : null}
    </details>
  )
}

/** One map at the neuron level: its activation on each side's input, and its feature visualization (Model 1's). */
function DatapathNeuron({ session, pair, layer, channel }: { session: PerturberSession; pair: DatapathPair; layer: string; channel: number }) {
  const [maps, setMaps] = useState<(ActivationMaps | null)[]>([null, null])
  const runtime = useSession(session, (s) => s.runtime)
  useEffect(() => {
    if (!runtime) return
    let live = true
    Promise.all(pair.sides.map((side) => runtime.infer(side.frame, [{ model: side.model, layer, channels: [channel], predictions: false }]).then((r) => r.models[0].activations ?? null)))
      .then((next) => live && setMaps(next))
      .catch(() => live && setMaps([null, null]))
    return () => {
      live = false
    }
  }, [runtime, pair, layer, channel])
  const model = pair.sides[0].model
  return (
    <figure aria-label={`${layer}:${channel} on both inputs`} style={{ margin: 0, display: 'flex', gap: 8, alignItems: 'flex-start' }}>
      {pair.sides.map((side, i) => (
        <div key={i} style={{ display: 'grid', gap: 2, justifyItems: 'center' }}>
          <ActivationMap maps={maps[i]} channel={channel} color={SIDE_COLORS[i]} size={96} label={side.name} />
          <small>{side.name}</small>
        </div>
      ))}
      {runtime ? (
        <FeatureVisTile
          layer={layer}
          channel={channel}
          generate={(l, c, options) => runtime.featureVis(model, l, c, options)}
          precomputed={featureVisualizationsFor(model, layer)?.image(layer, channel)}
          resetKey={`${model.id}@${model.version}`}
          size={96}
          label={pair.sides[0].name}
        />
      ) : null}
      <figcaption style={{ alignSelf: 'center' }}>
        {layer}:{channel}
      </figcaption>
    </figure>
  )
}

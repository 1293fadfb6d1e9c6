import { useMemo, useState } from 'react'
import { Heatmap, LinePlot, ThumbnailGrid } from '@perturber/viz/sweeps'
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { bandData, defaultMeasure, heatmapData, lineData, measureKey, measureOptions, measureValue, sharedDomain, type SweepMeasure } from '../sweep/plotData'
import { designTargets } from '../sweep/sampleState'
import { targetLabel } from '../sweep/spec'
import type { SweepThumbnail } from '../sweep/SweepRunner'
import type { SweepResult } from '../sweep/types'

export interface SweepFigureProps {
  result: SweepResult
  /** the run's thumbnails by sample index: shows the inputs weighted by the measure (Model 1's) */
  thumbnails?: ReadonlyMap<number, SweepThumbnail>
  /** what the plots show (uncontrolled: the first model's top class on the base state) */
  measure?: SweepMeasure
  onMeasure?: (measure: SweepMeasure) => void
  /** a sample was clicked (its index in the sweep) */
  onPick?: (index: number) => void
  registry?: PerturbationRegistry
}

/** How many inputs the thumbnail view shows: the strongest responses of both signs. */
const THUMBNAILS_SHOWN = 24

/**
 * A sweep's result as figures: tuning curves (1D grid, one line per model), heatmaps side by
 * side on one colour domain (2D grid), binned means with min–max bands (random samples), and the
 * inputs weighted by their response. A picker chooses the measure: a recorded class's
 * probability or logit, or a recorded channel's mean activation.
 */
export function SweepFigure({ result, thumbnails, measure: given, onMeasure, onPick, registry = defaultRegistry }: SweepFigureProps) {
  const [own, setOwn] = useState<SweepMeasure | null>(null)
  const measure = given ?? own ?? defaultMeasure(result)
  const options = useMemo(() => measureOptions(result), [result])
  const targets = designTargets(result.spec.design)
  const labels = targets.map((t) => targetLabel(t, registry))
  const design = result.spec.design
  const choose = (key: string) => {
    const next = options.find((o) => measureKey(o.measure) === key)?.measure
    if (!next) return
    setOwn(next)
    onMeasure?.(next)
  }
  const measureLabel = options.find((o) => measureKey(o.measure) === measureKey(measure))?.label ?? ''

  let plots
  if (result.samples.length === 0) plots = <p className="pa-sweep-empty">No samples yet.</p>
  else if (design.kind === 'grid' && design.axes.length === 2) {
    const maps = result.models.map((_, m) => heatmapData(result, m, measure))
    const domain = sharedDomain(maps.map((h) => h.values))
    plots = (
      <div className="pa-sweep-heatmaps" style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        {maps.map((h) => (
          <Heatmap
            key={h.title}
            x={h.x}
            y={h.y}
            values={h.values}
            title={h.title}
            xLabel={labels[0]}
            yLabel={labels[1]}
            valueLabel={measureLabel}
            domain={domain}
            onPick={onPick && ((_ix, _iy, index) => h.samples[index] >= 0 && onPick(index))}
          />
        ))}
      </div>
    )
  } else if (design.kind === 'grid') {
    const line = lineData(result, measure)
    plots = <LinePlot x={line.x} series={line.series} xLabel={labels[0]} yLabel={measureLabel} onPick={onPick && ((i) => onPick(result.samples[line.samples[i]].index))} />
  } else {
    const band = bandData(result, measure)
    plots = <LinePlot x={band.x} series={band.series} xLabel={`${labels[0]} (${result.samples.length} random samples, binned: mean and min–max)`} yLabel={measureLabel} />
  }

  const weighted = thumbnails && thumbnails.size > 0 ? weightedInputs(result, thumbnails, measure) : []
  return (
    <figure className="pa-sweep-figure" style={{ margin: 0, display: 'grid', gap: 6, justifyItems: 'start' }}>
      <label className="pa-sweep-measure">
        Show{' '}
        <select value={measureKey(measure)} onChange={(e) => choose(e.target.value)}>
          {options.map((o) => (
            <option key={measureKey(o.measure)} value={measureKey(o.measure)}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {plots}
      {weighted.length > 0 ? (
        <ThumbnailGrid
          label={`Inputs weighted by ${measureLabel} of ${result.models[0].name} (negative: inverted)`}
          items={weighted.map(({ thumbnail, weight, index }) => ({ image: thumbnail, weight, label: `sample ${index}: ${labels.map((l, i) => `${l} ${formatValue(result.samples.find((s) => s.index === index)!.values[i])}`).join(', ')}` }))}
          columns={8}
          size={48}
          onPick={onPick && ((i) => onPick(weighted[i].index))}
        />
      ) : null}
      <figcaption style={{ font: '12px system-ui', color: '#555' }}>
        {result.samples.length} of {result.total} samples{result.shard ? ` (shard ${result.shard.k}/${result.shard.n})` : ''} · {labels.join(' × ')}
      </figcaption>
    </figure>
  )
}

/** The samples whose first model responds most strongly (either sign), strongest first, with their thumbnails. */
function weightedInputs(result: SweepResult, thumbnails: ReadonlyMap<number, SweepThumbnail>, measure: SweepMeasure) {
  const all = result.samples.flatMap((s, at) => {
    const thumbnail = thumbnails.get(s.index)
    const weight = measureValue(result, 0, at, measure)
    return thumbnail && Number.isFinite(weight) ? [{ thumbnail, weight, index: s.index }] : []
  })
  return all.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, THUMBNAILS_SHOWN)
}

const formatValue = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2))

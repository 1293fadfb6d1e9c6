import { modelColors } from '@perturber/viz'
import { BarChart } from '@perturber/viz/sweeps'
import type { YawFluctuationResult } from '../experiments/YawFluctuationRun'

/**
 * The yaw fluctuation experiment as the thesis' Figure 7.4: per object, each model's mean score
 * over its prototypes with ±1 standard deviation, and below it how many prototypes each model
 * recognised (its top class in the object's family) — a score on an object the model does not
 * see as itself measures something else.
 */
export function YawFluctuationFigure({ result, width = 520 }: { result: YawFluctuationResult; width?: number }) {
  const objects = result.objects.filter((o) => result.summary.some((r) => r.object === o))
  if (objects.length === 0) return <p className="pa-sweep-empty">No prototypes yet.</p>
  const row = (object: string, model: number) => result.summary.find((r) => r.object === object && r.model === model)
  const series = result.models.map((m, i) => ({
    name: m.name,
    color: modelColors[m.role],
    values: objects.map((o) => row(o, i)?.mean ?? Number.NaN),
    errors: objects.map((o) => row(o, i)?.std ?? Number.NaN),
  }))
  return (
    <figure className="pa-experiment-figure" aria-label="Yaw fluctuation" style={{ margin: 0, maxWidth: width, font: '12px system-ui, sans-serif' }}>
      <BarChart groups={objects} series={series} yLabel="yaw fluctuation (mean ± std)" width={width} height={240} />
      <table className="pa-batch-table" aria-label="Prototypes recognised">
        <thead>
          <tr>
            <th scope="col">recognised</th>
            {objects.map((o) => (
              <th key={o} scope="col">
                {o}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.models.map((m, i) => (
            <tr key={m.role}>
              <th scope="row">{m.name}</th>
              {objects.map((o) => {
                const mine = result.prototypes.filter((p) => p.object === o && p.model === i)
                const known = mine.filter((p) => p.recognised !== null)
                return <td key={o}>{known.length ? `${known.filter((p) => p.recognised).length}/${mine.length}` : '—'}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        Yaw fluctuation score (Perturber thesis, eq. 7.2): for each prototype view (yaw {result.design.yaws[result.design.prototypeYawIndex].toFixed(1)}°, pitches {result.design.pitches.join('°, ')}°, distances {result.design.distances.join(', ')}), the distance of its top-{result.design.topK} logits at each of {result.design.yaws.length} yaws
        from {result.design.yaws[0]}° to {result.design.yaws.at(-1)}°, over the standard deviation of its logits, summed. Higher: the prediction moves more as the camera orbits.
      </figcaption>
    </figure>
  )
}

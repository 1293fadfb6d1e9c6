import { WeightedThumbnail, type RgbaImage } from '@perturber/viz/sweeps'
import type { RecognitionImage, RecognitionResult, RecognitionView } from '../experiments/RecognitionRun'

const shortLabel = (label: string) => label.split(',')[0]

export interface RecognitionTableProps {
  result: RecognitionResult
  /** what the models were shown (e.g. `RecognitionRun.thumbnail`): a column with each object's default view and cue-conflict image */
  thumbnail?: (object: string, view: Exclude<RecognitionView, 'yaw'>) => RgbaImage | undefined
  /** the thumbnails' CSS size in px; default 48 */
  thumbnailSize?: number
}

/** A thumbnail as shown, unweighted; nothing while it is not there yet. */
function Shown({ image, size, alt }: { image: RgbaImage | undefined; size: number; alt: string }) {
  return image ? <WeightedThumbnail image={image} weight={1} maxAbs={1} size={size} alt={alt} style={{ display: 'inline-block', marginRight: 2 }} /> : null
}

/**
 * A recognition check as a table: per object, each model's top-1 class at the default view (✓ when
 * it is of the object's family, else the family's rank in the top five), its top-5 rate over the
 * yaw sweep, and the cue conflict with the pair's other texture (which cue won); a summary row per
 * model below; with `thumbnail`, a column with the images the models were shown.
 */
export function RecognitionTable({ result, thumbnail, thumbnailSize = 48 }: RecognitionTableProps) {
  if (result.images.length === 0) return <p className="pa-sweep-empty">No images yet.</p>
  const find = (object: string, view: RecognitionImage['view']) => result.images.filter((i) => i.object === object && i.view === view)
  const objects = result.objects.map((o) => o.name).filter((o) => find(o, 'default').length)
  return (
    <figure className="pa-experiment-figure" aria-label="Recognition" style={{ margin: 0, font: '12px system-ui, sans-serif' }}>
      <table className="pa-batch-table" aria-label="Recognition per object">
        <thead>
          <tr>
            <th scope="col">object</th>
            {thumbnail ? <th scope="col">shown</th> : null}
            {result.models.map((m) => (
              <th key={m.role} scope="col" colSpan={3}>
                {m.name}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col" />
            {thumbnail ? <th scope="col">default view, cue conflict</th> : null}
            {result.models.map((m) => [
              <th key={`${m.role}-d`} scope="col">default view</th>,
              <th key={`${m.role}-y`} scope="col">yaw top-5</th>,
              <th key={`${m.role}-c`} scope="col">cue conflict</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {objects.map((object) => {
            const [view] = find(object, 'default')
            const yaws = find(object, 'yaw')
            const [conflict] = find(object, 'cue-conflict')
            return (
              <tr key={object}>
                <th scope="row">{object}</th>
                {thumbnail ? (
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Shown image={thumbnail(object, 'default')} size={thumbnailSize} alt={`The ${object} at the default view`} />
                    <Shown image={thumbnail(object, 'cue-conflict')} size={thumbnailSize} alt={`The ${object}’s shape with the ${conflict?.texture ?? 'other'}’s texture`} />
                  </td>
                ) : null}
                {result.models.map((m, i) => {
                  const a = view.answers[i]
                  const c = conflict?.answers[i]
                  const cue = !c ? '…' : c.rank === 1 ? 'shape' : c.textureRank === 1 ? 'texture' : 'neither'
                  return [
                    <td key={`${m.role}-d`} title={a.labels.join('; ')}>
                      {a.rank === 1 ? '✓ ' : a.rank ? `#${a.rank} ` : '✗ '}
                      {shortLabel(a.labels[0] ?? '')}
                    </td>,
                    <td key={`${m.role}-y`}>{yaws.length ? `${yaws.filter((y) => y.answers[i].rank !== null).length}/${yaws.length}` : '—'}</td>,
                    <td key={`${m.role}-c`} title={c ? `${object} shape, ${conflict.texture} texture: ${c.labels.join('; ')}` : undefined}>
                      {c ? `${cue} (${shortLabel(c.labels[0] ?? '')})` : '…'}
                    </td>,
                  ]
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
      <figcaption>
        Default view: the scene’s default camera before each object’s own background; ✓ the top-1 class is of the object’s family, #k its rank in the top five, ✗ not there. Yaw top-5: the views from −70° to 70° at two pitches with the family in the top five. Cue conflict: the object’s shape with its pair partner’s texture before plain grey; which family is top-1.
      </figcaption>
    </figure>
  )
}

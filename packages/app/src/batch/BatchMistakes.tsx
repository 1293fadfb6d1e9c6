import { useMemo, useState } from 'react'
import { ImageGallery } from '@perturber/viz/batch'
import type { BatchThumbnail } from './BatchRun'
import { MistakeDetail } from './MistakeDetail'
import { captionOf, describeMistake } from './mistakeText'
import { batchMistakes } from './table'
import type { BatchResult } from './types'

/** Mistakes shown at once: the DOM stays small however many images a batch gets wrong. */
const SHOWN = 120

export interface BatchMistakesProps {
  result: BatchResult
  /** what the models saw of a mistaken image in a setting, when the run kept it */
  thumbnail: (item: number, setting: number) => BatchThumbnail | undefined
  /** the user's file an item came from (shown whole when picked), when it was a file */
  original?: (item: number) => File | undefined
}

/**
 * The images worth a look, setting by setting: those a model got wrong (with the label), or,
 * where there is no label, those the models disagree on. Each shows as the models saw it
 * (fitted and perturbed); picking one shows it larger with every model's top-5.
 */
export function BatchMistakes({ result, thumbnail, original }: BatchMistakesProps) {
  const [setting, setSetting] = useState(result.settings.length - 1)
  const [picked, setPicked] = useState<number | null>(null)
  const mistakes = useMemo(() => batchMistakes(result, Math.min(setting, result.settings.length - 1)), [result, setting])
  const shown = mistakes.slice(0, SHOWN)
  const selected = picked !== null ? shown[picked] : undefined
  return (
    <section className="pa-batch-mistakes" aria-label="Mistaken images" style={{ display: 'grid', gap: 6 }}>
      <label>
        {mistakes.length} image{mistakes.length === 1 ? '' : 's'} to look at in{' '}
        <select value={setting} onChange={(e) => (setSetting(Number(e.target.value)), setPicked(null))}>
          {result.settings.map((s, i) => (
            <option key={s.id} value={i}>
              {s.name}
            </option>
          ))}
        </select>
        {mistakes.length > SHOWN ? ` (the first ${SHOWN} shown)` : null}
      </label>
      <ImageGallery
        label="Mistaken images"
        items={shown.map((m) => ({ image: thumbnail(m.item, m.setting), caption: captionOf(result, m), label: describeMistake(result, m) }))}
        selected={picked}
        onPick={(i) => setPicked(i === picked ? null : i)}
      />
      {selected ? <MistakeDetail result={result} mistake={selected} image={thumbnail(selected.item, selected.setting)} file={original?.(result.items[selected.item].index)} /> : null}
    </section>
  )
}

import { useEffect, useState } from 'react'
import { modelRoleLabels } from '@perturber/viz'
import { WeightedThumbnail } from '@perturber/viz/sweeps'
import type { BatchThumbnail } from './BatchRun'
import { top5Text, truthOf } from './mistakeText'
import type { BatchMistake } from './table'
import type { BatchResult } from './types'

/** A picked mistake, larger: as the models saw it, the user's file as it is (when it was one), and every model's top-5. */
export function MistakeDetail({ result, mistake, image, file }: { result: BatchResult; mistake: BatchMistake; image?: BatchThumbnail; file?: File }) {
  const item = result.items[mistake.item]
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!file) return setUrl(null)
    const made = URL.createObjectURL(file)
    setUrl(made)
    return () => URL.revokeObjectURL(made)
  }, [file])
  return (
    <figure aria-label={`${item.name}, larger`} style={{ margin: 0, display: 'grid', gap: 4, justifyItems: 'start' }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'start' }}>
        {image ? <WeightedThumbnail image={image} weight={1} maxAbs={1} size={192} alt={`${item.name} as the models saw it in ${result.settings[mistake.setting].name}`} /> : null}
        {url ? <img src={url} alt={`${item.name} as it is`} style={{ maxWidth: 192, maxHeight: 192 }} /> : null}
      </div>
      <figcaption>
        <strong>{item.name}</strong> · {truthOf(result, mistake) ?? 'no label'}
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {result.models.map((model, m) => (
            <li key={m}>
              {modelRoleLabels[model.role]}: {top5Text(result, mistake, m)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}

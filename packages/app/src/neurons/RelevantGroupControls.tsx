import { useId } from 'react'
import { SearchableSelect } from '@perturber/viz/primitives'
import type { AutomaticNeuronGroups } from './AutomaticNeuronGroups'

export interface RelevantGroupControlsProps {
  groups: AutomaticNeuronGroups
  /** the analysed model's class names */
  labels: readonly string[]
  /** the picked class; null: the top class on each frame */
  value: number | null
}

const TOP = 'top'

/** `@relevant`'s class: the analysed model's top class on each frame (default) or one picked by name. */
export function RelevantGroupControls({ groups, labels, value }: RelevantGroupControlsProps) {
  const id = useId()
  const options = labels.map((name, i) => ({ id: String(i), label: `${i}: ${name}` }))
  return (
    <div className="pz-field">
      <label htmlFor={id}>For class</label>
      <SearchableSelect
        id={id}
        label="Relevant to class"
        options={options}
        pinned={[{ id: TOP, label: 'Top class on this frame' }]}
        value={value === null ? TOP : String(value)}
        placeholder="Search classes…"
        onChange={(picked) => groups.setRelevanceClass(picked === TOP ? null : Number(picked))}
      />
    </div>
  )
}

import { useId, useMemo } from 'react'
import type { LayerBlock, LayerInfo } from '@perturber/model-runtime'
import { ControlStyles } from '../styles'

export interface LayerSelectorProps {
  /** the model's spatial layers (`PerturberModel.layers`), in topological order */
  layers: readonly Pick<LayerInfo, 'name' | 'block' | 'channels'>[]
  /** `PerturberModel.blocks`; when absent, layers are grouped by their `block` field */
  blocks?: readonly LayerBlock[]
  /** name of the selected layer */
  value: string
  onChange(layer: string): void
  label?: string
  disabled?: boolean
}

/** Layers grouped into blocks, in the order the model lists them. */
export function groupLayers(layers: LayerSelectorProps['layers'], blocks?: readonly LayerBlock[]): { block: string; layers: LayerSelectorProps['layers'] }[] {
  const byName = new Map(layers.map((l) => [l.name, l]))
  if (blocks) {
    return blocks
      .map((b) => ({ block: b.name, layers: b.layers.flatMap((name) => byName.get(name) ?? []) }))
      .filter((group) => group.layers.length > 0)
  }
  const groups = new Map<string, LayerSelectorProps['layers'][number][]>()
  for (const layer of layers) {
    if (!groups.has(layer.block)) groups.set(layer.block, [])
    groups.get(layer.block)!.push(layer)
  }
  return [...groups].map(([block, members]) => ({ block, layers: members }))
}

/**
 * Picks the layer whose activations are shown: a native `<select>` with one `<optgroup>` per
 * block (typing a name jumps to it), each layer with its channel count.
 */
export function LayerSelector({ layers, blocks, value, onChange, label = 'Layer', disabled }: LayerSelectorProps) {
  const id = useId()
  const groups = useMemo(() => groupLayers(layers, blocks), [layers, blocks])
  const known = layers.some((l) => l.name === value)
  return (
    <div className="pz-controls">
      <ControlStyles />
      <div className="pz-field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value} disabled={disabled || layers.length === 0} onChange={(event) => onChange(event.target.value)}>
          {!known && <option value={value}>{value || '(no layer)'}</option>}
          {groups.map((group) => (
            <optgroup key={group.block} label={group.block}>
              {group.layers.map((layer) => (
                <option key={layer.name} value={layer.name}>
                  {layer.name} ({layer.channels} ch.)
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </div>
  )
}

import type { AvailableModel, ModelSlotId, ModelSlotsValue } from '@perturber/viz'
import { configModelUrl, type AppModelConfig } from '../config'
import type { ModelSource } from './appState'

/** Files the user picked for a slot (not shareable by link, so kept beside the state). */
export interface SlotFiles {
  name: string
  files: File[]
}

export type SlotSources = Record<ModelSlotId, ModelSource | null>
export type SlotFilesBySlot = Record<ModelSlotId, SlotFiles | null>

const URL_PREFIX = 'url:'
const FILES_PREFIX = 'files:'

/** A readable name for a model.json URL: its folder (`…/mobilenet_v1/model.json` → `mobilenet_v1`). */
export function nameFromUrl(url: string): string {
  const parts = url.split('?')[0].split('/').filter(Boolean)
  const file = parts.pop() ?? url
  return /^model\.json$/i.test(file) && parts.length ? parts[parts.length - 1] : file
}

/** The picker's entries: the configured models plus whatever the slots hold by URL or files. */
export function availableModels(configs: readonly AppModelConfig[], sources: SlotSources, files: SlotFilesBySlot): AvailableModel[] {
  const list: AvailableModel[] = configs.map(({ id, name, variant, checkpoints }) => ({ id, name, variant, checkpoints: checkpoints?.map((c) => c.label) }))
  for (const slot of ['model1', 'model2'] as const) {
    const source = sources[slot]
    const id = slotValueId(source, files[slot])
    if (!id || list.some((m) => m.id === id)) continue
    if (source?.kind === 'url') list.push({ id, name: nameFromUrl(source.url), variant: 'URL' })
    else if (files[slot]) list.push({ id, name: files[slot]!.name, variant: 'files' })
  }
  return list
}

function slotValueId(source: ModelSource | null, files: SlotFiles | null): string | null {
  if (source?.kind === 'config') return source.id
  if (source?.kind === 'url') return URL_PREFIX + source.url
  return files ? FILES_PREFIX + files.name : null
}

/** What `ModelSlots` shows for the current sources. */
export function slotsValue(sources: SlotSources, files: SlotFilesBySlot): ModelSlotsValue {
  const value = (slot: ModelSlotId) => {
    const source = sources[slot]
    const modelId = slotValueId(source, files[slot])
    return source?.kind === 'config' && source.checkpoint !== undefined ? { modelId, checkpoint: source.checkpoint } : { modelId }
  }
  return { model1: value('model1'), model2: value('model2') }
}

/** The source a picker entry stands for; `'files'` keeps the slot's files. */
export function sourceOfPick(modelId: string | null, checkpoint: number | undefined): ModelSource | 'files' | null {
  if (modelId === null) return null
  if (modelId.startsWith(URL_PREFIX)) return { kind: 'url', url: modelId.slice(URL_PREFIX.length) }
  if (modelId.startsWith(FILES_PREFIX)) return 'files'
  return checkpoint === undefined ? { kind: 'config', id: modelId } : { kind: 'config', id: modelId, checkpoint }
}

/** What a slot should load: a model.json URL or the user's files; `key` identifies the request. */
export interface ModelSlotRequest {
  key: string
  source: string | File[]
  /** a descriptor.json to load the model with, when the configuration names one */
  descriptorUrl?: string
}

/** A slot's source resolved against the configured models: what to load, its display name, or why it cannot load. */
export interface ResolvedSlot {
  request: ModelSlotRequest | null
  name: string
  error?: string
  /** what the state asked for that is shown otherwise (a checkpoint the model does not have), to tell the user */
  notice?: string
}

/** What a slot should load (null: empty, or a configured model this page does not offer, with `error` saying so). */
export function resolveSlot(source: ModelSource | null, files: SlotFiles | null, configs: readonly AppModelConfig[]): ResolvedSlot {
  if (source?.kind === 'url') return { request: { key: URL_PREFIX + source.url, source: source.url }, name: nameFromUrl(source.url) }
  if (source?.kind === 'config') {
    const config = configs.find((c) => c.id === source.id)
    if (!config) {
      const offered = configs.length ? `the models offered are ${configs.map((c) => `"${c.id}"`).join(', ')}` : 'no models are offered'
      return { request: null, name: source.id, error: `The state names a model "${source.id}" that is not offered here (${offered}).` }
    }
    const { url, descriptorUrl } = configModelUrl(config, source.checkpoint)
    const checkpoint = source.checkpoint !== undefined && config.checkpoints?.[source.checkpoint] ? ` (${config.checkpoints[source.checkpoint].label})` : ''
    const resolved: ResolvedSlot = { request: { key: URL_PREFIX + url, source: url, descriptorUrl }, name: `${config.name}${checkpoint}` }
    const count = config.checkpoints?.length ?? 0
    if (source.checkpoint !== undefined && source.checkpoint >= count) {
      // configModelUrl shows the last (fully trained) checkpoint instead
      const has = count === 0 ? 'which has no checkpoints to choose from' : `which has ${count} (0–${count - 1})`
      resolved.notice = `The link names checkpoint ${source.checkpoint} of ${config.name}, ${has}; showing the fully trained model.`
    }
    return resolved
  }
  if (files) return { request: { key: `${FILES_PREFIX}${files.name}:${files.files.map((f) => `${f.name}/${f.size}/${f.lastModified}`).join(',')}`, source: files.files }, name: files.name }
  return { request: null, name: '' }
}

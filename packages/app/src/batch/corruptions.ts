/**
 * A corruption benchmark on top of batch evaluation (Hendrycks & Dietterich, ICLR 2019): every
 * image clean and under each ImageNet-C corruption the registry implements, at severities 1–5 (the
 * batch's settings), then the corruption error of each model and its mean over the corruptions
 * relative to a baseline model: CE_c = Σ_s E_{s,c} / Σ_s E^base_{s,c}, mCE = mean_c CE_c, and the
 * relative version with each model's clean error subtracted first.
 */
import type { PerturbationDefinition, PerturbationRegistry, PerturbationState } from '@perturber/perturbations'
import { batchTable, fraction } from './table'
import type { BatchResult, BatchSetting } from './types'

/** The reference's severities. */
export const IMAGENET_C_SEVERITIES = [1, 2, 3, 4, 5] as const

/**
 * The 19 corruptions in the reference's order (`imagecorruptions.get_corruption_names('all')`): its
 * name and our perturbation's id. The last four are ImageNet-C's held-out (validation) corruptions,
 * left out of the mCE as Hendrycks & Dietterich do.
 */
export const IMAGENET_C_CORRUPTIONS = [
  { name: 'gaussian_noise', id: 'gaussian-noise', heldOut: false },
  { name: 'shot_noise', id: 'shot-noise', heldOut: false },
  { name: 'impulse_noise', id: 'impulse-noise', heldOut: false },
  { name: 'defocus_blur', id: 'defocus-blur', heldOut: false },
  { name: 'glass_blur', id: 'glass-blur', heldOut: false },
  { name: 'motion_blur', id: 'motion-blur', heldOut: false },
  { name: 'zoom_blur', id: 'zoom-blur', heldOut: false },
  { name: 'snow', id: 'snow', heldOut: false },
  { name: 'frost', id: 'frost', heldOut: false },
  { name: 'fog', id: 'fog', heldOut: false },
  { name: 'brightness', id: 'brightness', heldOut: false },
  { name: 'contrast', id: 'contrast', heldOut: false },
  { name: 'elastic_transform', id: 'elastic-transform', heldOut: false },
  { name: 'pixelate', id: 'pixelate', heldOut: false },
  { name: 'jpeg_compression', id: 'jpeg', heldOut: false },
  { name: 'speckle_noise', id: 'speckle-noise', heldOut: true },
  { name: 'gaussian_blur', id: 'gaussian-blur', heldOut: true },
  { name: 'spatter', id: 'spatter', heldOut: true },
  { name: 'saturate', id: 'saturation', heldOut: true },
] as const

/** Whether a corruption (our id) is one of ImageNet-C's four held-out ones. */
export function isHeldOut(id: string): boolean {
  return IMAGENET_C_CORRUPTIONS.some((c) => c.id === id && c.heldOut)
}

/** The registry's ImageNet-C perturbations: the reference's in its order, then any others registered with a 0–5 severity. */
export function imagenetCIds(registry: PerturbationRegistry): string[] {
  const usable = registry.list().filter(isImagenetC).map((d) => d.id)
  const known: string[] = IMAGENET_C_CORRUPTIONS.map((c) => c.id).filter((id) => usable.includes(id))
  return [...known, ...usable.filter((id) => !known.includes(id))]
}

/** A perturbation with an ImageNet-C severity: a `severity` parameter running 0 to 5. */
export function isImagenetC(definition: PerturbationDefinition): boolean {
  return definition.params.some((p) => p.name === 'severity' && p.min === 0 && p.max === 5)
}

/** Thrown for a corruption or severity the benchmark cannot run, naming it. */
export class CorruptionSpecError extends Error {
  override readonly name = 'CorruptionSpecError'
}

export interface CorruptionOptions {
  /** perturbation ids or the reference's names, e.g. `jpeg` or `jpeg_compression` (default: every ImageNet-C one in the registry) */
  corruptions?: readonly string[]
  /** whole severities 1–5 (default all five) */
  severities?: readonly number[]
}

/**
 * The batch settings of a corruption benchmark: `clean` (every perturbation off), then for each
 * corruption and severity the chain with only that perturbation on at that severity (its other
 * parameters at their defaults; random draws anew for each image, `reseed`), id `<corruption>@<severity>`. Unknown corruptions, ones without an
 * ImageNet-C severity and severities other than 1–5 are refused, naming them.
 */
export function corruptionSettings(chain: readonly PerturbationState[], registry: PerturbationRegistry, options: CorruptionOptions = {}): BatchSetting[] {
  const available = imagenetCIds(registry)
  const byName = (name: string) => IMAGENET_C_CORRUPTIONS.find((c) => c.name === name)?.id ?? name
  const ids = [...new Set((options.corruptions ?? available).map(byName))]
  const unknown = (options.corruptions ?? []).filter((name) => !available.includes(byName(name)))
  if (unknown.length) throw new CorruptionSpecError(`No ImageNet-C corruption named ${unknown.map((id) => `"${id}"`).join(', ')}: choose from ${available.join(', ')}.`)
  const severities = options.severities ?? IMAGENET_C_SEVERITIES
  const bad = severities.filter((s) => !(Number.isInteger(s) && s >= 1 && s <= 5))
  if (bad.length) throw new CorruptionSpecError(`Severities are whole numbers from 1 to 5; got ${bad.join(', ')}.`)
  if (ids.length === 0 || severities.length === 0) throw new CorruptionSpecError('Choose at least one corruption and one severity.')
  const off = chain.map((s) => ({ ...s, enabled: false }))
  const settings: BatchSetting[] = [{ id: 'clean', name: 'clean', chain: off }]
  for (const id of ids) {
    const definition = registry.require(id)
    for (const severity of severities) {
      const on: PerturbationState = { ...registry.defaultState(id, true), params: { ...registry.defaultState(id).params, severity } }
      const at = off.findIndex((s) => s.id === id)
      settings.push({ id: `${id}@${severity}`, name: `${definition.label} ${severity}`, chain: at < 0 ? [...off, on] : off.map((s, i) => (i === at ? on : s)), reseed: true })
    }
  }
  return settings
}

/** Whether a batch ran a corruption benchmark's settings (`<corruption>@<severity>`). */
export function isCorruptionBenchmark(result: { settings: readonly { id: string }[] }): boolean {
  return result.settings.some((s) => s.id.includes('@'))
}

/** One corruption's errors for one model. */
export interface CorruptionErrorRow {
  corruption: string
  /** top-1 error at each benchmarked severity, in the settings' order (null: no labelled image) */
  errors: (number | null)[]
  /** CE: Σ_s E / Σ_s E^baseline (null without a baseline error) */
  ce: number | null
  /** relative CE: Σ_s (E − E_clean) / Σ_s (E^base − E^base_clean) */
  relativeCe: number | null
  /** one of ImageNet-C's held-out corruptions: shown, left out of the means */
  heldOut: boolean
}

export interface CorruptionTable {
  models: {
    model: number
    clean: number | null
    rows: CorruptionErrorRow[]
    /** mean CE over the corruptions that are not held out (over all of them when only held-out ones ran), and the relative one */
    mce: number | null
    relativeMce: number | null
  }[]
  /** the model the CEs are relative to */
  baseline: number
}

/**
 * Each model's top-1 error per corruption and severity (labelled images only), its CE and the mean
 * over corruptions, relative to `baseline` (a model index of the result; itself scores 1).
 */
export function corruptionTable(result: BatchResult, baseline: number): CorruptionTable {
  if (!(baseline >= 0 && baseline < result.models.length)) throw new CorruptionSpecError(`The baseline must be one of the run's ${result.models.length} models.`)
  const table = batchTable(result)
  const error = (model: number, setting: number) => {
    const row = table.rows.find((r) => r.model === model && r.setting === setting)
    const accuracy = row ? fraction(row.top1, row.labelled) : null
    return accuracy === null ? null : 1 - accuracy
  }
  const clean = result.settings.findIndex((s) => s.id === 'clean')
  const groups = new Map<string, number[]>()
  result.settings.forEach((s, i) => {
    const at = s.id.lastIndexOf('@')
    if (at < 0) return
    const corruption = s.id.slice(0, at)
    groups.set(corruption, [...(groups.get(corruption) ?? []), i])
  })
  const sum = (values: (number | null)[]) => (values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0))
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b)
  const mean = (values: (number | null)[]) => (values.length === 0 || values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0) / values.length)
  const models = result.models.map((_, model) => {
    const cleanError = clean < 0 ? null : error(model, clean)
    const baseClean = clean < 0 ? null : error(baseline, clean)
    const rows = [...groups].map(([corruption, settings]): CorruptionErrorRow => {
      const errors = settings.map((s) => error(model, s))
      const base = settings.map((s) => error(baseline, s))
      const shifted = (values: (number | null)[], by: number | null) => (by === null ? values.map(() => null) : values.map((v) => (v === null ? null : v - by)))
      return { corruption, errors, ce: ratio(sum(errors), sum(base)), relativeCe: ratio(sum(shifted(errors, cleanError)), sum(shifted(base, baseClean))), heldOut: isHeldOut(corruption) }
    })
    const counted = rows.some((r) => !r.heldOut) ? rows.filter((r) => !r.heldOut) : rows
    return { model, clean: cleanError, rows, mce: mean(counted.map((r) => r.ce)), relativeMce: mean(counted.map((r) => r.relativeCe)) }
  })
  return { models, baseline }
}

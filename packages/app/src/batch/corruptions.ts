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

/** A perturbation with an ImageNet-C severity: a `severity` parameter running 0 to 5. */
export function isImagenetC(definition: PerturbationDefinition): boolean {
  return definition.params.some((p) => p.name === 'severity' && p.min === 0 && p.max === 5)
}

/** Thrown for a corruption or severity the benchmark cannot run, naming it. */
export class CorruptionSpecError extends Error {
  override readonly name = 'CorruptionSpecError'
}

export interface CorruptionOptions {
  /** perturbation ids (default: every ImageNet-C one in the registry) */
  corruptions?: readonly string[]
  /** whole severities 1–5 (default all five) */
  severities?: readonly number[]
}

/**
 * The batch settings of a corruption benchmark: `clean` (every perturbation off), then for each
 * corruption and severity the chain with only that perturbation on at that severity (its other
 * parameters at their defaults), id `<corruption>@<severity>`. Unknown corruptions, ones without an
 * ImageNet-C severity and severities other than 1–5 are refused, naming them.
 */
export function corruptionSettings(chain: readonly PerturbationState[], registry: PerturbationRegistry, options: CorruptionOptions = {}): BatchSetting[] {
  const available = registry.list().filter(isImagenetC).map((d) => d.id)
  const ids = options.corruptions ?? available
  const unknown = ids.filter((id) => !available.includes(id))
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
      settings.push({ id: `${id}@${severity}`, name: `${definition.label} ${severity}`, chain: at < 0 ? [...off, on] : off.map((s, i) => (i === at ? on : s)) })
    }
  }
  return settings
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
}

export interface CorruptionTable {
  models: {
    model: number
    clean: number | null
    rows: CorruptionErrorRow[]
    /** mean CE over the corruptions, and the relative one */
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
      return { corruption, errors, ce: ratio(sum(errors), sum(base)), relativeCe: ratio(sum(shifted(errors, cleanError)), sum(shifted(base, baseClean))) }
    })
    return { model, clean: cleanError, rows, mce: mean(rows.map((r) => r.ce)), relativeMce: mean(rows.map((r) => r.relativeCe)) }
  })
  return { models, baseline }
}

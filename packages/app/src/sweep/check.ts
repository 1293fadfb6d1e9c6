/**
 * The readers a sweep spec and a sweep result share to check hostile input. Each takes a `fail`
 * that throws the caller's own error (SweepSpecError or SweepImportError), so one rule gives one
 * message whichever file it came from. Messages name the field (`design.axes[1].steps`) and say
 * what was expected in the user's terms.
 */
import { APP_STATE_LIMITS, jsonDepth, quote } from '../state/stateText'
import { SWEEP_LIMITS } from './types'

/** Throws the importer's own error for the field at `path` (empty: the whole input). */
export type Fail = (path: string, text: string) => never

/**
 * How deep a sweep's JSON may nest: a result holds the spec, which holds a state that nests up to
 * `APP_STATE_LIMITS.depth` deep on its own in a link.
 */
export const SWEEP_JSON_DEPTH = APP_STATE_LIMITS.depth + 2

/** The longest layer name a sweep may record (real layer names are far shorter). */
export const MAX_LAYER_NAME = 200

/** `path.key`, or `path[index]`; a long key is cut short so that a message stays readable. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  const shown = key.length > 60 ? `${key.slice(0, 59)}…` : key
  return path ? `${path}.${shown}` : shown
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A key's own value: a missing key never reads through to `Object.prototype` (`constructor`, `toString`). */
export const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined)

export function record(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (!isRecord(value)) fail(path, `expected an object, got ${quote(value)}`)
  return value
}

export function list(value: unknown, path: string, fail: Fail, what = 'a list'): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected ${what}, got ${quote(value)}`)
  return value
}

/** Refuses keys other than `keys`, so that a typo (`stpes`) is not silently a default. */
export function onlyKeys(o: Record<string, unknown>, keys: readonly string[], path: string, fail: Fail): void {
  for (const key of Object.keys(o)) {
    if (!keys.includes(key)) fail(at(path, key), `unknown field (${path || 'this level'} has ${keys.join(', ')})`)
  }
}

/**
 * A number that stays finite as the float32 the renderer and the models compute with (1e39 is a
 * finite double but Infinity in float32); -0 comes back as 0, as JSON writes it.
 */
export function float32Finite(value: unknown, path: string, fail: Fail): number {
  if (typeof value !== 'number') fail(path, `expected a number, got ${quote(value)}`)
  if (!Number.isFinite(value)) fail(path, `expected a finite number, got ${value}`)
  if (!Number.isFinite(Math.fround(value))) fail(path, `${value} is too large for a 32-bit float`)
  return value === 0 ? 0 : value
}

export function wholeNumber(value: unknown, path: string, min: number, max: number, fail: Fail, what = 'a whole number'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `expected ${what} from ${min} to ${max}, got ${quote(value)}`)
  return value === 0 ? 0 : value
}

export function text(value: unknown, path: string, minLength: number, maxLength: number, fail: Fail, what = 'text'): string {
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
    const shown = typeof value === 'string' ? `${value.length} characters` : quote(value)
    fail(path, `expected ${what} of ${minLength} to ${maxLength} characters, got ${shown}`)
  }
  return value
}

/** The highest class or channel index a sweep may name (as a link's state allows). */
export const MAX_INDEX = Math.max(APP_STATE_LIMITS.classIndex, APP_STATE_LIMITS.channelIndex)

/**
 * A list of `least` to `most` distinct class or channel indices (`noun`: 'class', 'channel');
 * `instead` names the word a spec may give in its place (`"top"`, `"all"`).
 */
export function indexList(value: unknown, path: string, least: number, most: number, noun: string, fail: Fail, instead?: string): number[] {
  if (!Array.isArray(value) || value.length < least || value.length > most) {
    fail(path, `expected ${instead ? `"${instead}" or ` : ''}a list of ${least} to ${most} ${noun} indices, got ${Array.isArray(value) ? `${value.length}` : quote(value)}`)
  }
  const seen = new Set<number>()
  return value.map((item, i) => {
    const index = wholeNumber(item, at(path, i), 0, MAX_INDEX, fail, `a ${noun} index,`)
    if (seen.has(index)) fail(at(path, i), `${noun} ${index} is listed twice`)
    seen.add(index)
    return index
  })
}

/** UTF-8 bytes of a text, counted without encoding it (a 64 MiB copy just to measure it). */
export function utf8Length(value: string): number {
  let bytes = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c < 0xdc00 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

const mebibytes = (bytes: number) => `${Number((bytes / 2 ** 20).toFixed(1))} MiB`

/** Refuses a file larger than `SWEEP_LIMITS.importBytes` before anything reads it. */
export function checkSize(value: string, what: string, fail: Fail): void {
  // a character takes at least one byte: only a text that might be too large is counted exactly
  const bytes = value.length * 3 > SWEEP_LIMITS.importBytes ? utf8Length(value) : value.length
  if (bytes > SWEEP_LIMITS.importBytes) fail('', `the ${what} is ${mebibytes(bytes)}, more than the ${mebibytes(SWEEP_LIMITS.importBytes)} allowed`)
}

/** Parses JSON text after bounding its size and its depth, so that no later step walks a hostile structure. */
export function parseJsonText(value: string, what: string, fail: Fail, path = ''): unknown {
  checkSize(value, what, fail)
  if (jsonDepth(value, SWEEP_JSON_DEPTH) > SWEEP_JSON_DEPTH) fail(path, `the ${what} nests objects and lists more than ${SWEEP_JSON_DEPTH} deep`)
  try {
    return JSON.parse(value)
  } catch (e) {
    return fail(path, `the ${what} is not JSON (${(e as Error).message})`)
  }
}

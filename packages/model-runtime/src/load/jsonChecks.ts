/*
 * Checks for fields of someone else's JSON (model.json, descriptor.json, labels.json): each returns the value
 * with its type or throws through `fail`, which names the field and shows the value briefly.
 */

/** Throws the file's error; a third argument is the offending value, shown briefly. */
export type Fail = (field: string, problem: string, ...value: [unknown?]) => never

/** A base URL made absolute (against the page), or with a stand-in origin when there is no page. */
export interface BaseUrl {
  href: string
  origin: string
  relative: boolean
}

/** The base URL made absolute (against the page), or a stand-in origin when there is no page. */
export function absoluteBase(baseUrl: string | undefined): BaseUrl | undefined {
  if (baseUrl === undefined) return undefined
  const page = typeof location === 'undefined' ? undefined : location.href
  try {
    const url = new URL(baseUrl, page)
    return { href: url.href, origin: url.origin, relative: false }
  } catch {
    try {
      const url = new URL(baseUrl, 'http://relative.invalid/')
      return { href: url.href, origin: url.origin, relative: true }
    } catch {
      return undefined
    }
  }
}

/** An object of checked values; own keys only (a "__proto__" key stays a plain key). */
export function record<T>(value: unknown, field: string, fail: Fail, check: (v: unknown, field: string) => T): Record<string, T> {
  if (!isObject(value)) return fail(field, 'must be an object', value)
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, check(v, `${field}["${key.slice(0, 40)}"]`)]))
}

export function stringList(value: unknown, field: string, fail: Fail): string[] {
  if (!Array.isArray(value)) return fail(field, 'must be a list of strings', value)
  const bad = value.findIndex((x) => typeof x !== 'string')
  if (bad >= 0) fail(`${field}[${bad}]`, 'must be a string', value[bad])
  return value as string[]
}

export function nonEmptyString(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string', value)
  return value
}

export function finite(value: unknown, field: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(field, 'must be a finite number', value)
  return value
}

export const isPositiveInteger = (x: unknown) => Number.isInteger(x) && (x as number) > 0

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** A short description of a JSON value for messages (never walks nested structures); strings cut at `maxChars`. */
export function describe(value: unknown, maxChars = 40): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value)
  return String(value)
}

/**
 * An image URL from the file: http(s), `data:image/…` and relative URLs only (anything else, e.g.
 * `javascript:`, fails); relative ones resolve against `base` (the file's own URL) and give
 * undefined where there is none (files picked by the user).
 */
export function imageUrl(value: unknown, base: BaseUrl | undefined, field: string, fail: Fail): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be an image URL (a string)', value)
  let absolute: URL | undefined
  try {
    absolute = new URL(value)
  } catch {
    // relative: resolved below
  }
  if (absolute) {
    const ok = absolute.protocol === 'http:' || absolute.protocol === 'https:' || (absolute.protocol === 'data:' && /^image\//i.test(absolute.pathname))
    if (!ok) fail(field, `is a ${absolute.protocol} URL; only http(s), data:image/… and relative URLs are allowed`)
    return absolute.href
  }
  if (!base) return undefined
  const resolved = new URL(value, base.href)
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return undefined
  // a relative model URL without a page to resolve it against stays relative (same origin)
  return base.relative && resolved.origin === base.origin ? resolved.pathname + resolved.search + resolved.hash : resolved.href
}

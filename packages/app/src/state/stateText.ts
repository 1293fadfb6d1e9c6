/**
 * What links and attributes may hand the app, and how messages quote what they held: shared by
 * the state's decoding, the figure attributes and the zoo index.
 */

/**
 * The most a link's or a figure's state may hold; larger or deeper state is refused with a message
 * (and the previous state kept).
 */
export const APP_STATE_LIMITS = {
  /** characters of the encoded state (the base64url text after `#state=`, about 75 kB of JSON), also of a figure's `state` attribute */
  textLength: 100_000,
  /** how deep objects and lists may nest in its JSON (the app's own state nests 6 deep) */
  depth: 8,
  /** characters of one name, id or URL in it */
  stringLength: 2048,
  /** entries of `edits.mix`, and of `edits.prune` */
  editEntries: 1024,
  /** the highest channel index `neurons.start` may name */
  channelIndex: 65_535,
  /** the highest class index `attack.target` may name */
  classIndex: 65_535,
} as const

/**
 * Something a link or attribute asked for that the app changed or ignored, in the user's terms:
 * `field` as the state's JSON names it (`attack.epsilon`, `scene.chain[3].enabled`, `layer`), and
 * a sentence saying what was wrong and what is shown instead.
 */
export interface StateAdjustment {
  field: string
  message: string
}

/** A value as a message quotes it: text in quotes (cut short), lists and objects by kind. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object'
  if (typeof value !== 'string') return String(value)
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 59)}…"` : text
}

/** Whether a URL from a link or an attribute may be fetched or opened: http(s), or relative to the page. */
export function isHttpOrRelativeUrl(url: string): boolean {
  try {
    // a relative URL takes the base's https; anything with a scheme of its own keeps it
    const { protocol } = new URL(url, 'https://relative.invalid/')
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * How deep objects and lists nest in a JSON text (or more than `limit`, when it stops counting),
 * without parsing it: checked before `JSON.parse`, so that no later step walks a deep structure.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/**
 * Labels of a user's images, from their names: a file's folder (`dog/0001.png`) or, failing that,
 * its own name (`dog_001.png`), matched against a model's class names. Pure functions: no files,
 * no models, only strings.
 */

/**
 * A name as a label: lower case, accents dropped, `_ - . +` as spaces, copy marks such as `(1)`,
 * numbers and numbers glued to a word's end (`dog001`) dropped, spaces collapsed:
 * `"Fire-Truck_003"` → `"fire truck"`, `"tabby cat (2)"` → `"tabby cat"`.
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(\d+\)/g, ' ')
    .replace(/[_\-.+,]+/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/(?<=\D)\d+$/, ''))
    .filter((word) => word !== '' && !/^\d+$/.test(word))
    .join(' ')
}

/** The file name without its extension: `"dog_001.png"` → `"dog_001"`; a name without a dot is its own stem. */
export function fileStem(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}

/**
 * Where a file's label may come from, most telling first: its parent folder's name (the usual
 * `class/image.jpg` layout, which `webkitRelativePath` and dropped folders give), then its own
 * name without the extension. A file that sits directly in the dropped folder offers that folder
 * too: a name that matches no class is simply passed over.
 */
export function labelCandidates(path: string): string[] {
  const parts = path.split(/[\\/]/).filter((p) => p !== '')
  const name = parts.pop() ?? ''
  const folder = parts.pop()
  return [...(folder ? [folder] : []), fileStem(name)]
}

/** Finds class indices by name; build one per model with {@link labelMatcher} and reuse it for every image. */
export interface LabelMatcher {
  /** the class the text names, or null when it names none or more than one */
  match(text: string): number | null
}

/**
 * A matcher for a model's class names. ImageNet-style names list synonyms (`"tabby, tabby cat"`);
 * a text matches, in this order of precedence, a class's whole name, its first (main) synonym, or
 * any synonym, each after {@link normalizeLabel}; a plural (`cats`) matches when the singular
 * does. A text that names two classes at the same level (ImageNet's two `crane`s) matches neither:
 * a wrong label would count as the model's mistake.
 */
export function labelMatcher(classNames: readonly string[]): LabelMatcher {
  const levels: Map<string, number | null>[] = [new Map(), new Map(), new Map()]
  const add = (level: Map<string, number | null>, key: string, index: number) => {
    if (key === '') return
    const had = level.get(key)
    level.set(key, had === undefined || had === index ? index : null) // null: ambiguous
  }
  classNames.forEach((name, index) => {
    const synonyms = name.split(',').map(normalizeLabel)
    add(levels[0], normalizeLabel(name), index)
    add(levels[1], synonyms[0], index)
    for (const synonym of synonyms) add(levels[2], synonym, index)
  })
  const lookup = (key: string): number | null | undefined => {
    for (const level of levels) if (level.has(key)) return level.get(key)
    return undefined
  }
  return {
    match(text) {
      const key = normalizeLabel(text)
      if (key === '') return null
      const found = lookup(key)
      if (found !== undefined) return found
      for (const singular of singularsOf(key)) {
        const again = lookup(singular)
        if (again !== undefined) return again
      }
      return null
    },
  }
}

/** The first of `candidates` that names a class (see {@link labelMatcher}), or null. */
export function matchLabel(candidates: readonly string[], matcher: LabelMatcher): { text: string; index: number } | null {
  for (const text of candidates) {
    const index = matcher.match(text)
    if (index !== null) return { text, index }
  }
  return null
}

/** English plural endings on the last word: `boxes` → `box`, `cats` → `cat`, `puppies` → `puppy`. */
function singularsOf(key: string): string[] {
  const out: string[] = []
  if (key.endsWith('ies')) out.push(`${key.slice(0, -3)}y`)
  if (key.endsWith('es')) out.push(key.slice(0, -2))
  if (key.endsWith('s') && !key.endsWith('ss')) out.push(key.slice(0, -1))
  return out
}

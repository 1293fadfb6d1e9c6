import { imagenetLabels } from '../descriptors/imagenet'
import type { LabelSet, NeuronGroupSpec, OutputSpec, Preprocessing } from '../types'
import { ModelLoadError, formatBytes } from './errors'
import { featureVisFromJson } from './featureVisJson'
import type { DescriptorHints } from './inferDescriptor'
import { absoluteBase, describe, finite, imageUrl, isObject, isPositiveInteger, nonEmptyString, record, stringList, type Fail } from './jsonChecks'

/**
 * Descriptors stored as JSON — a `descriptor.json`, or the one embedded in model.json under
 * {@link DESCRIPTOR_METADATA_PATH} — read as {@link DescriptorHints}. The JSON is someone else's
 * file: every field the runtime uses is type-checked, unknown fields are dropped, and a malformed
 * one is an `invalid-descriptor` error naming the file and the field.
 */

/** The file the loader looks for next to model.json (URLs) or among the selected files. */
export const DESCRIPTOR_FILE = 'descriptor.json'
/**
 * The class names file the loader reads next to model.json (URLs) or among the selected files, as
 * converted models ship one: a JSON list of names, or `{ "names": [...] }` (optionally with an `id`),
 * one per output in output order. Checked like a descriptor's `labels`. A leading "background"
 * entry (TF-slim's 1001 outputs) is the background class; names that are ImageNet-1k's (up to case,
 * spaces and punctuation) are `imagenetLabels`. Not used when a descriptor gives labels, or an
 * `output.classOrder` (the outputs are then not in label order).
 */
export const LABELS_FILE = 'labels.json'
/** Where model.json embeds a descriptor: `model.json`'s `userDefinedMetadata.perturber.descriptor`. */
export const DESCRIPTOR_METADATA_PATH = 'userDefinedMetadata.perturber.descriptor'
/** Largest descriptor.json read: ImageNet's 1000 labels take 25 KB, a zoo descriptor with neuron groups 12 KB. */
export const MAX_DESCRIPTOR_BYTES = 1024 * 1024

/** Where a JSON descriptor came from, for messages: `where` is what they show, `file` what `ModelLoadError.file` gets. */
export interface DescriptorOrigin {
  where: string
  file: string
}

/** A checked JSON descriptor and where it came from. */
export interface FileDescriptor {
  hints: DescriptorHints
  origin: DescriptorOrigin
}

/** The descriptor embedded in a parsed model.json, or undefined when it has none. */
export function embeddedDescriptor(json: unknown, jsonName: string, baseUrl: string | undefined): FileDescriptor | undefined {
  const metadata = isObject(json) ? json.userDefinedMetadata : undefined
  const perturber = isObject(metadata) ? metadata.perturber : undefined
  const value = isObject(perturber) ? perturber.descriptor : undefined
  if (value === undefined) return undefined
  const origin = { where: `${jsonName}'s ${DESCRIPTOR_METADATA_PATH}`, file: jsonName }
  return { hints: descriptorFromJson(value, origin, baseUrl), origin }
}

/** descriptor.json's text → hints; `baseUrl` (the file's own URL) resolves relative example paths. */
export function parseDescriptorText(text: string, origin: DescriptorOrigin, baseUrl: string | undefined): FileDescriptor {
  return { hints: descriptorFromJson(parseJsonFile(text, origin), origin, baseUrl), origin }
}

/** A descriptor or labels file's text → its JSON value: at most {@link MAX_DESCRIPTOR_BYTES}, and JSON. */
function parseJsonFile(text: string, origin: DescriptorOrigin): unknown {
  const bytes = new TextEncoder().encode(text).byteLength
  if (bytes > MAX_DESCRIPTOR_BYTES) throw descriptorTooLarge(origin.file, bytes)
  try {
    return JSON.parse(text)
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e)
    throw new ModelLoadError('invalid-descriptor', `${origin.where} is not valid JSON (${detail}).`, origin.file, { cause: e })
  }
}

/** The `invalid-descriptor` error of a field of the file at `origin`. */
function failIn(origin: DescriptorOrigin): Fail {
  return (field, problem, ...value) => {
    const got = value.length > 0 ? `, got ${describe(value[0])}` : ''
    throw new ModelLoadError('invalid-descriptor', `${origin.where}: ${field} ${problem}${got}.`, origin.file)
  }
}

/** labels.json's text → hints with only `labels` (see {@link LABELS_FILE}). */
export function parseLabelsText(text: string, origin: DescriptorOrigin): FileDescriptor {
  const json = parseJsonFile(text, origin)
  const fail: Fail = failIn(origin)
  const list = Array.isArray(json) ? json : isObject(json) ? json.names : undefined
  if (list === undefined) return fail('the file', 'must be a list of class names or an object with a "names" list', json)
  let names = stringList(list, 'names', fail)
  // TF-slim's convention: output 0 is "background", outside the label set
  if (names.length > 1 && names[0].trim().toLowerCase() === 'background') names = names.slice(1)
  if (names.length === 0) fail('names', 'is empty')
  if (sameNames(names, imagenetLabels.names)) return { hints: { labels: imagenetLabels }, origin }
  const id = isObject(json) && json.id !== undefined ? nonEmptyString(json.id, 'id', fail) : `labels-${names.length}`
  return { hints: { labels: { id, names } }, origin }
}

/** Whether two name lists agree up to case, spaces and punctuation ("jellyfish" and "jelly fish"). */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  const key = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
  return a.length === b.length && a.every((name, i) => key(name) === key(b[i]))
}

export function descriptorTooLarge(file: string, bytes: number): ModelLoadError {
  return new ModelLoadError(
    'too-large',
    `${file} is ${formatBytes(bytes)} (${bytes} bytes), more than the ${formatBytes(MAX_DESCRIPTOR_BYTES)} a descriptor may have.`,
    file,
  )
}

/**
 * A descriptor as JSON (`ModelDescriptor`, with `labels.example` written as `examples`: label index
 * → image URL, relative to the descriptor, and `featureVisualizations` as atlases: see
 * {@link featureVisFromJson}) → hints. Checks every field it keeps; drops the others.
 */
export function descriptorFromJson(json: unknown, origin: DescriptorOrigin, baseUrl: string | undefined): DescriptorHints {
  const fail: Fail = failIn(origin)
  if (!isObject(json)) return fail('the descriptor', 'must be a JSON object', json)
  const hints: DescriptorHints = {}
  const { name, inputSize, channelOrder, preprocessing, output, labels, examples, layerGroups, neuronGroups, featureVisualizations } = json

  if (name !== undefined) hints.name = nonEmptyString(name, 'name', fail)
  if (inputSize !== undefined) {
    if (!Array.isArray(inputSize) || inputSize.length !== 2 || !inputSize.every(isPositiveInteger)) {
      fail('inputSize', 'must be [height, width] in pixels (two positive integers)', inputSize)
    }
    hints.inputSize = [inputSize[0] as number, inputSize[1] as number]
  }
  if (channelOrder !== undefined) {
    if (channelOrder !== 'RGB' && channelOrder !== 'BGR') fail('channelOrder', 'must be "RGB" or "BGR"', channelOrder)
    hints.channelOrder = channelOrder as 'RGB' | 'BGR'
  }
  if (preprocessing !== undefined) hints.preprocessing = checkPreprocessing(preprocessing, fail)
  if (output !== undefined) hints.output = checkOutput(output, fail)
  if (labels !== undefined) hints.labels = checkLabels(labels, examples, baseUrl, fail)
  if (layerGroups !== undefined) {
    hints.layerGroups = record(layerGroups, 'layerGroups', fail, (names, field) => stringList(names, field, fail))
  }
  if (neuronGroups !== undefined) {
    hints.neuronGroups = record(neuronGroups, 'neuronGroups', fail, (groups, field) => {
      if (!Array.isArray(groups)) return fail(field, 'must be a list of groups', groups)
      return groups.map((group: unknown, i) => checkNeuronGroup(group, `${field}[${i}]`, fail))
    })
  }
  if (featureVisualizations !== undefined) hints.featureVisualizations = featureVisFromJson(featureVisualizations, baseUrl, fail)
  return hints
}

function checkPreprocessing(p: unknown, fail: Fail): Preprocessing {
  if (!isObject(p)) return fail('preprocessing', 'must be an object with a "kind"', p)
  if (p.kind === 'range') {
    const min = finite(p.min, 'preprocessing.min', fail)
    const max = finite(p.max, 'preprocessing.max', fail)
    if (min === max) fail('preprocessing', `maps every pixel to ${min} (min equals max)`)
    return { kind: 'range', min, max }
  }
  if (p.kind === 'meanStd') {
    const pixelScale = finite(p.pixelScale, 'preprocessing.pixelScale', fail)
    const triple = (v: unknown, field: string, nonZero: boolean) => {
      if (!Array.isArray(v) || v.length !== 3) return fail(field, 'must be a list of 3 numbers (one per channel)', v)
      const values = v.map((x, i) => finite(x, `${field}[${i}]`, fail))
      if (nonZero && values.includes(0)) fail(field, 'must not contain 0 (it divides)')
      return values as [number, number, number]
    }
    return { kind: 'meanStd', pixelScale, mean: triple(p.mean, 'preprocessing.mean', false), std: triple(p.std, 'preprocessing.std', true) }
  }
  return fail('preprocessing.kind', 'must be "range" or "meanStd"', p.kind)
}

function checkOutput(o: unknown, fail: Fail): Partial<OutputSpec> {
  if (!isObject(o)) return fail('output', 'must be an object', o)
  const out: { -readonly [K in keyof OutputSpec]?: OutputSpec[K] } = {}
  if (o.kind !== undefined) {
    if (o.kind !== 'logits' && o.kind !== 'probabilities') fail('output.kind', 'must be "logits" or "probabilities"', o.kind)
    out.kind = o.kind as OutputSpec['kind']
  }
  if (o.backgroundClass !== undefined) {
    if (typeof o.backgroundClass !== 'boolean') fail('output.backgroundClass', 'must be true or false', o.backgroundClass)
    out.backgroundClass = o.backgroundClass as boolean
  }
  if (o.classOrder !== undefined) {
    // a permutation of the label indices: checked against the model's class count when it loads
    if (!Array.isArray(o.classOrder)) fail('output.classOrder', 'must be a list of label indices', o.classOrder)
    const order = o.classOrder as unknown[]
    const bad = order.findIndex((x) => !Number.isInteger(x) || (x as number) < 0)
    if (bad >= 0) fail(`output.classOrder[${bad}]`, 'must be a label index (an integer ≥ 0)', order[bad])
    out.classOrder = order as number[]
  }
  return out
}

function checkLabels(labels: unknown, examples: unknown, baseUrl: string | undefined, fail: Fail): LabelSet {
  if (!isObject(labels)) return fail('labels', 'must be an object with a "names" list', labels)
  const names = stringList(labels.names, 'labels.names', fail)
  if (names.length === 0) fail('labels.names', 'is empty')
  const id = labels.id === undefined ? `labels-${names.length}` : nonEmptyString(labels.id, 'labels.id', fail)
  if (examples === undefined) return { id, names }
  const urls = exampleUrls(examples, names.length, baseUrl, fail)
  return urls.size === 0 ? { id, names } : { id, names, example: (labelIndex: number) => urls.get(labelIndex) }
}

/**
 * `examples`: label index → image URL. Only http(s), `data:image/…` and relative URLs are allowed
 * (anything else, e.g. `javascript:`, fails the load); relative ones resolve against the
 * descriptor's own URL and are dropped where there is none (files picked by the user).
 */
function exampleUrls(examples: unknown, labelCount: number, baseUrl: string | undefined, fail: Fail): Map<number, string> {
  if (!isObject(examples)) return fail('examples', 'must be an object mapping label indices to image URLs', examples)
  const base = absoluteBase(baseUrl)
  const urls = new Map<number, string>()
  for (const [key, value] of Object.entries(examples)) {
    const field = `examples["${key.slice(0, 40)}"]`
    const index = /^(0|[1-9][0-9]{0,8})$/.test(key) ? Number(key) : -1
    if (index < 0 || index >= labelCount) fail(field, `names no label: keys must be label indices 0…${labelCount - 1}`)
    const url = imageUrl(value, base, field, fail)
    if (url !== undefined) urls.set(index, url)
  }
  return urls
}

function checkNeuronGroup(group: unknown, field: string, fail: Fail): NeuronGroupSpec {
  if (!isObject(group)) return fail(field, 'must be an object with "name" and "channels"', group)
  const out: { -readonly [K in keyof NeuronGroupSpec]: NeuronGroupSpec[K] } = {
    name: nonEmptyString(group.name, `${field}.name`, fail),
    channels: [],
  }
  if (group.id !== undefined) out.id = nonEmptyString(group.id, `${field}.id`, fail)
  if (!Array.isArray(group.channels)) return fail(`${field}.channels`, 'must be a list of channel indices', group.channels)
  const channels = group.channels as unknown[]
  const bad = channels.findIndex((c) => !Number.isInteger(c) || (c as number) < 0)
  if (bad >= 0) fail(`${field}.channels[${bad}]`, 'must be a channel index (an integer ≥ 0)', channels[bad])
  out.channels = channels as number[]
  return out
}

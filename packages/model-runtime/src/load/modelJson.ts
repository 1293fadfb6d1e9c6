import type * as tf from '@tensorflow/tfjs'
import { ModelLoadError, formatBytes } from './errors'
import { checkDepth, checkName, checkTopology, describe } from './structure'
import { isObject } from './jsonChecks'

/** Bytes per stored value, by dtype (a quantized weight is stored in its quantization dtype). */
export const VALUE_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  float16: 2,
  uint8: 1,
  uint16: 2,
}

const QUANTIZATION_DTYPES = ['uint8', 'uint16', 'float16']
/** A weight's own dtype (TF.js' DataType); uint8, uint16 and float16 only occur as quantizations. */
const WEIGHT_DTYPES = ['float32', 'int32', 'bool', 'complex64', 'string']

export type WeightEntry = tf.io.WeightsManifestEntry

export interface ManifestGroup {
  /** Shard paths as written in model.json, in concatenation order. */
  paths: string[]
  weights: WeightEntry[]
}

export interface ParsedModelJson {
  json: tf.io.ModelJSON
  format: 'layers' | 'graph'
  groups: ManifestGroup[]
  /** Sum of the groups' byte lengths implied by shapes and dtypes (string weights count 0). */
  declaredWeightBytes: number
}

/** Stored byte length of a weight, or undefined for strings (length-prefixed, read from the data). */
export function declaredByteLength(weight: WeightEntry): number | undefined {
  if (weight.dtype === 'string' && !weight.quantization) return undefined
  const storage = weight.quantization?.dtype ?? weight.dtype
  return weight.shape.reduce((n, d) => n * d, 1) * VALUE_BYTES[storage]
}

/**
 * Parses and checks model.json: valid JSON, a TF.js model (modelTopology + weightsManifest),
 * a well-formed manifest. Errors name the file and the exact field that is wrong.
 */
export function parseModelJson(text: string, fileName: string): ParsedModelJson {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e)
    throw new ModelLoadError('invalid-json', `${fileName} is not valid JSON (${detail}).`, fileName, { cause: e })
  }
  checkDepth(json, fileName)
  if (!isObject(json)) {
    throw new ModelLoadError('not-a-model', `${fileName} is JSON but not a TF.js model: expected an object with modelTopology and weightsManifest.`, fileName)
  }
  const missing = ['modelTopology', 'weightsManifest'].filter((key) => !(key in json))
  if (missing.length > 0) {
    throw new ModelLoadError(
      'not-a-model',
      `${fileName} is not a TF.js model: it has no ${missing.join(' and no ')} (keys: ${Object.keys(json).slice(0, 8).join(', ') || 'none'}).`,
      fileName,
    )
  }
  const format = modelFormat(json, fileName)
  if (format === 'graph') checkGraphReferences(json.modelTopology, fileName)
  checkTopology(json.modelTopology, format, fileName)
  const groups = parseManifest(json.weightsManifest, fileName)
  const declaredWeightBytes = groups.reduce((sum, g) => sum + g.weights.reduce((s, w) => s + (declaredByteLength(w) ?? 0), 0), 0)
  return { json: json as unknown as tf.io.ModelJSON, format, groups, declaredWeightBytes }
}

function modelFormat(json: Record<string, unknown>, fileName: string): 'layers' | 'graph' {
  const topology = json.modelTopology
  if (json.format === 'graph-model') return 'graph'
  if (json.format === 'layers-model') return 'layers'
  if (isObject(topology)) {
    if (Array.isArray(topology.node)) return 'graph'
    if ('class_name' in topology || 'model_config' in topology) return 'layers'
  }
  throw new ModelLoadError(
    'not-a-model',
    `${fileName}: modelTopology is neither a Keras model config (class_name / model_config, a layers model) nor a GraphDef (node list, a graph model)${typeof json.format === 'string' ? `, and format "${json.format}" is unknown` : ''}.`,
    fileName,
  )
}

/** Every node input names a node of the graph (TF.js would fail with a TypeError otherwise). */
function checkGraphReferences(topology: unknown, fileName: string) {
  const nodes = isObject(topology) && Array.isArray(topology.node) ? (topology.node as unknown[]) : []
  const names = new Set(nodes.map((n) => (isObject(n) ? n.name : undefined)))
  for (const node of nodes) {
    if (!isObject(node) || typeof node.name !== 'string' || typeof node.op !== 'string') {
      throw new ModelLoadError('not-a-model', `${fileName}: graph node ${JSON.stringify(node).slice(0, 80)} has no name or op.`, fileName)
    }
    if (node.input !== undefined && !(Array.isArray(node.input) && node.input.every((i) => typeof i === 'string'))) {
      throw new ModelLoadError('not-a-model', `${fileName}: graph node "${node.name}" has inputs that are not a list of node names.`, fileName)
    }
    for (const input of (node.input as string[] | undefined) ?? []) {
      const source = input.replace(/^\^/, '').split(':')[0]
      if (!names.has(source)) {
        throw new ModelLoadError('not-a-model', `${fileName}: graph node "${node.name}" reads "${input}", which is not a node of the graph.`, fileName)
      }
    }
  }
}

function parseManifest(manifest: unknown, fileName: string): ManifestGroup[] {
  const bad = (detail: string) => new ModelLoadError('not-a-model', `${fileName}: weightsManifest ${detail}.`, fileName)
  if (!Array.isArray(manifest)) throw bad('is not a list of weight groups')
  const names = new Set<string>()
  return manifest.map((group, g) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw bad(`group ${g} needs "paths" and "weights" lists`)
    }
    const paths = group.paths as unknown[]
    if (!paths.every((p) => typeof p === 'string' && p.length > 0)) throw bad(`group ${g} has a path that is not a file name`)
    const weights = (group.weights as unknown[]).map((w, i) => {
      const weight = checkWeight(w, `group ${g} weight ${i}`, bad, fileName)
      if (names.has(weight.name)) throw bad(`lists two weights named ${JSON.stringify(weight.name)}`)
      names.add(weight.name)
      return weight
    })
    if (paths.length === 0 && weights.length > 0) throw bad(`group ${g} lists ${weights.length} weights but no files`)
    return { paths: paths as string[], weights }
  })
}

/** Largest dimension accepted in a weight's shape (TF.js indexes tensors with 32-bit integers). */
const MAX_DIMENSION = 2 ** 31 - 1
/** Largest value of each quantization's stored integers. */
const QUANTIZED_MAX: Readonly<Record<string, number>> = { uint8: 255, uint16: 65535 }

function checkWeight(w: unknown, where: string, bad: (detail: string) => ModelLoadError, fileName: string): WeightEntry {
  if (!isObject(w) || typeof w.name !== 'string') throw bad(`${where} has no name`)
  const { name, shape, dtype, quantization } = w
  checkName(name, `weight ${where}`, fileName)
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_DIMENSION)) {
    throw bad(`weight "${name}" has ${shape === undefined ? 'no shape' : `an invalid shape ${shown(shape)}`} (a list of whole numbers ≥ 0)`)
  }
  if (typeof dtype !== 'string' || !WEIGHT_DTYPES.includes(dtype)) {
    throw bad(`weight "${name}" has an unknown dtype ${describe(dtype)}`)
  }
  if (quantization !== undefined) {
    if (!isObject(quantization) || !QUANTIZATION_DTYPES.includes(quantization.dtype as string)) {
      if (!isObject(quantization)) throw bad(`weight "${name}" has a quantization that is not an object with a dtype (got ${shown(quantization)})`)
      throw bad(`weight "${name}" is quantized to ${shown(quantization.dtype)}, which TF.js does not know (uint8, uint16 and float16 are)`)
    }
    const stored = quantization.dtype as string
    const allowed = stored === 'float16' ? ['float32'] : ['float32', 'int32']
    if (!allowed.includes(dtype)) throw bad(`weight "${name}" is ${dtype} quantized to ${stored}, which TF.js only dequantizes to ${allowed.join(' or ')}`)
    if (stored !== 'float16') {
      const { scale, min } = quantization
      if (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) {
        throw bad(`weight "${name}" is quantized to ${stored} without finite scale and min`)
      }
      // TF.js dequantizes q·scale + min into float32: both ends of the range must stay finite there
      const ends = [min, min + scale * QUANTIZED_MAX[stored]]
      if (dtype === 'float32' && !ends.every((v) => Number.isFinite(Math.fround(v)))) {
        throw new ModelLoadError(
          'non-finite-weights',
          `Weight "${name}" is quantized to ${stored} with scale ${scale} and min ${min}: dequantized to float32 its values reach ±Infinity (float32 ends at ±3.4e38).`,
          fileName,
        )
      }
    }
  }
  return w as unknown as WeightEntry
}

/** A short JSON value for a message: small lists of numbers as they are, anything else described. */
function shown(value: unknown): string {
  const small = Array.isArray(value) && value.length <= 8 && value.every((v) => typeof v === 'number' || v === null)
  return small ? JSON.stringify(value) : describe(value)
}

/** Total-size guard shared by every source: declared weights plus whatever else is known. */
export function assertWithinLimit(bytes: number, maxBytes: number, what: string, file?: string) {
  if (bytes > maxBytes) {
    throw new ModelLoadError(
      'too-large',
      `${what} ${formatBytes(bytes)} (${bytes} bytes), more than the ${formatBytes(maxBytes)} limit (options.maxBytes).`,
      file,
    )
  }
}

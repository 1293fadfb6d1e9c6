import type * as tf from '@tensorflow/tfjs'
import { ModelLoadError, formatBytes } from './errors'

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
    for (const input of Array.isArray(node.input) ? (node.input as string[]) : []) {
      const source = String(input).replace(/^\^/, '').split(':')[0]
      if (!names.has(source)) {
        throw new ModelLoadError('not-a-model', `${fileName}: graph node "${node.name}" reads "${input}", which is not a node of the graph.`, fileName)
      }
    }
  }
}

function parseManifest(manifest: unknown, fileName: string): ManifestGroup[] {
  const bad = (detail: string) => new ModelLoadError('not-a-model', `${fileName}: weightsManifest ${detail}.`, fileName)
  if (!Array.isArray(manifest)) throw bad('is not a list of weight groups')
  return manifest.map((group, g) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw bad(`group ${g} needs "paths" and "weights" lists`)
    }
    const paths = group.paths as unknown[]
    if (!paths.every((p) => typeof p === 'string' && p.length > 0)) throw bad(`group ${g} has a path that is not a file name`)
    const weights = (group.weights as unknown[]).map((w, i) => checkWeight(w, `group ${g} weight ${i}`, bad))
    if (paths.length === 0 && weights.length > 0) throw bad(`group ${g} lists ${weights.length} weights but no files`)
    return { paths: paths as string[], weights }
  })
}

function checkWeight(w: unknown, where: string, bad: (detail: string) => ModelLoadError): WeightEntry {
  if (!isObject(w) || typeof w.name !== 'string') throw bad(`${where} has no name`)
  const { name, shape, dtype, quantization } = w
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw bad(`weight "${name}" has an invalid shape ${JSON.stringify(shape)}`)
  }
  if (typeof dtype !== 'string' || (!(dtype in VALUE_BYTES) && dtype !== 'string')) {
    throw bad(`weight "${name}" has an unknown dtype ${JSON.stringify(dtype)}`)
  }
  if (quantization !== undefined) {
    if (!isObject(quantization) || !QUANTIZATION_DTYPES.includes(quantization.dtype as string)) {
      throw bad(`weight "${name}" has an unknown quantization ${JSON.stringify(quantization)} (expected dtype uint8, uint16 or float16)`)
    }
    if (quantization.dtype !== 'float16' && !(Number.isFinite(quantization.scale) && Number.isFinite(quantization.min))) {
      throw bad(`weight "${name}" is quantized to ${quantization.dtype} without finite scale and min`)
    }
  }
  return w as unknown as WeightEntry
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

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

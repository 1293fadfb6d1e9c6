import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'
import { branchingModel } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { ModelLoadError, type ModelLoadErrorCode } from './errors'
import { loadModel, type LoadModelOptions, type ModelSourceInput } from './loadModel'
import type { FetchLike } from './sources'

/**
 * Test helpers (not exported from the package): a model saved through TF.js's real save path,
 * as model.json text plus weight files, served as `File`s or over a fake `fetch`.
 */
export interface SavedFiles {
  json: string
  shards: { name: string; data: Uint8Array<ArrayBuffer> }[]
  /** Other files next to model.json (labels.json, descriptor.json), served and selected with it. */
  extra?: { name: string; data: Uint8Array<ArrayBuffer> }[]
}

/**
 * Saves a layers model with `model.save(tf.io.withSaveHandler(...))` and lays the weights out
 * like the TF.js converter: two weight groups, each split into shards of at most `shardBytes`.
 */
export async function saveModel(model: tf.LayersModel, shardBytes = 512): Promise<SavedFiles> {
  let artifacts: tf.io.ModelArtifacts | undefined
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  const specs = artifacts!.weightSpecs!
  const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts!.weightData!))
  const half = Math.ceil(specs.length / 2)
  const groups = [specs.slice(0, half), specs.slice(half)].filter((g) => g.length > 0)
  const shards: SavedFiles['shards'] = []
  const manifest: tf.io.WeightsManifestConfig = []
  let offset = 0
  groups.forEach((weights, g) => {
    const length = weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0)
    const count = Math.max(1, Math.ceil(length / shardBytes))
    const paths: string[] = []
    for (let i = 0; i < count; i++) {
      const name = `group${g + 1}-shard${i + 1}of${count}.bin`
      paths.push(name)
      shards.push({ name, data: bytes.slice(offset + i * shardBytes, offset + Math.min(length, (i + 1) * shardBytes)) })
    }
    manifest.push({ paths, weights })
    offset += length
  })
  const { modelTopology, format, generatedBy, convertedBy } = artifacts!
  return { json: JSON.stringify({ modelTopology, format, generatedBy, convertedBy, weightsManifest: manifest }), shards }
}

/** The files as a user would select them: weight files first, model.json somewhere in between. */
export function asFiles(saved: SavedFiles): File[] {
  const weights = saved.shards.map((s) => new File([s.data], s.name))
  const json = new File([saved.json], 'model.json', { type: 'application/json' })
  const extra = (saved.extra ?? []).map((s) => new File([s.data], s.name))
  return [...weights.slice(0, 1), json, ...extra, ...weights.slice(1).reverse()]
}

/** A fetch that serves the files under `base` (e.g. `https://models.test/tiny/`), 404 otherwise. */
export function serve(saved: SavedFiles, base: string, options: { chunk?: number } = {}): FetchLike & { requests: string[] } {
  const files = new Map<string, Uint8Array<ArrayBuffer>>([[`${base}model.json`, new TextEncoder().encode(saved.json)]])
  for (const s of [...saved.shards, ...(saved.extra ?? [])]) files.set(`${base}${s.name}`, s.data)
  const requests: string[] = []
  const fetchFn = async (url: string) => {
    requests.push(url)
    const data = files.get(url)
    if (!data) return new Response('not found', { status: 404, statusText: 'Not Found' })
    const chunk = options.chunk ?? data.byteLength
    // deliver the body in chunks so byte progress has something to report
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < data.byteLength; i += chunk) controller.enqueue(data.slice(i, i + chunk))
        controller.close()
      },
    })
    return new Response(body, { status: 200, headers: { 'content-length': String(data.byteLength) } })
  }
  return Object.assign(fetchFn, { requests })
}

/** A copy with model.json edited. */
export function editJson(saved: SavedFiles, edit: (json: tf.io.ModelJSON) => void): SavedFiles {
  const json = JSON.parse(saved.json) as tf.io.ModelJSON
  edit(json)
  return { ...saved, json: JSON.stringify(json) }
}

/** A copy with one shard's bytes replaced. */
export function editShard(saved: SavedFiles, name: string, edit: (data: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>): SavedFiles {
  return { ...saved, shards: saved.shards.map((s) => (s.name === name ? { name, data: edit(s.data.slice()) } : s)) }
}

/**
 * A copy with some float32 values of one weight overwritten (`values[i]` → element i), found
 * through the manifest so the edit lands in whichever shard holds it.
 */
export function setWeightValues(saved: SavedFiles, weight: string, values: Record<number, number>): SavedFiles {
  const json = JSON.parse(saved.json) as tf.io.ModelJSON
  const shards = new Map(saved.shards.map((s) => [s.name, s.data.slice()]))
  for (const group of json.weightsManifest) {
    let offset = 0
    for (const spec of group.weights) {
      const length = spec.shape.reduce((a, b) => a * b, 1) * 4
      if (spec.name === weight) {
        const bytes = tf.io.concatenateArrayBuffers(group.paths.map((p) => shards.get(p)!.slice().buffer as ArrayBuffer))
        const floats = new Float32Array(bytes, offset, length / 4)
        for (const [i, v] of Object.entries(values)) floats[Number(i)] = v
        let start = 0
        for (const path of group.paths) {
          const size = shards.get(path)!.byteLength
          shards.set(path, new Uint8Array(bytes.slice(start, start + size)))
          start += size
        }
        return { json: saved.json, shards: saved.shards.map((s) => ({ name: s.name, data: shards.get(s.name)! })) }
      }
      offset += length
    }
  }
  throw new Error(`no weight ${weight}`)
}

/** float32 → IEEE half (round to nearest even; overflow → ±Infinity, NaN kept). */
export function toHalf(value: number): number {
  const f32 = new Float32Array([value])
  const bits = new Uint32Array(f32.buffer)[0]
  const sign = (bits >>> 16) & 0x8000
  const exponent = (bits >>> 23) & 0xff
  const mantissa = bits & 0x7fffff
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0)
  const e = exponent - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    const m = (mantissa | 0x800000) >> (1 - e)
    return sign | ((m + 0x1000) >> 13)
  }
  const half = sign | (e << 10) | (mantissa >> 13)
  const rest = mantissa & 0x1fff
  return rest > 0x1000 || (rest === 0x1000 && half & 1) ? half + 1 : half
}

export type QuantizationDtype = 'uint8' | 'uint16' | 'float16'

/**
 * A copy whose float32 weights are stored quantized as a TF.js converter writes them
 * (`--quantize_uint8`, `--quantize_uint16`, `--quantize_float16`), `pick` choosing per weight (its
 * name and its index among the float32 weights; undefined keeps float32). Groups keep their weights;
 * each group is re-split into shards of at most `shardBytes`.
 */
export function quantizeWeights(saved: SavedFiles, pick: (name: string, index: number) => QuantizationDtype | undefined, shardBytes = 512): SavedFiles {
  const json = JSON.parse(saved.json) as tf.io.ModelJSON
  const byName = new Map(saved.shards.map((s) => [s.name, s.data]))
  const shards: SavedFiles['shards'] = []
  let index = 0
  json.weightsManifest = json.weightsManifest.map((group, g) => {
    const bytes = new Uint8Array(tf.io.concatenateArrayBuffers(group.paths.map((p) => byName.get(p)!.slice().buffer as ArrayBuffer)))
    let offset = 0
    const parts: Uint8Array[] = []
    const weights = group.weights.map((spec) => {
      const count = spec.shape.reduce((a, b) => a * b, 1)
      const values = new Float32Array(bytes.slice(offset, offset + count * 4).buffer)
      offset += count * 4
      const dtype = spec.dtype === 'float32' ? pick(spec.name, index++) : undefined
      if (!dtype) {
        parts.push(new Uint8Array(values.buffer))
        return spec
      }
      if (dtype === 'float16') {
        parts.push(new Uint8Array(Uint16Array.from(values, toHalf).buffer))
        return { ...spec, quantization: { dtype } }
      }
      const levels = dtype === 'uint8' ? 255 : 65535
      const min = values.reduce((a, b) => Math.min(a, b), Infinity)
      const max = values.reduce((a, b) => Math.max(a, b), -Infinity)
      const scale = max > min ? (max - min) / levels : 1
      const quantized = Array.from(values, (v) => Math.round((v - min) / scale))
      parts.push(new Uint8Array((dtype === 'uint8' ? Uint8Array.from(quantized) : Uint16Array.from(quantized)).buffer))
      return { ...spec, quantization: { dtype, scale, min } }
    })
    const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
    parts.reduce((at, p) => (data.set(p, at), at + p.byteLength), 0)
    const count = Math.max(1, Math.ceil(data.byteLength / shardBytes))
    const paths = Array.from({ length: count }, (_, i) => `group${g + 1}-shard${i + 1}of${count}.bin`)
    paths.forEach((name, i) => shards.push({ name, data: data.slice(i * shardBytes, Math.min(data.byteLength, (i + 1) * shardBytes)) }))
    return { paths, weights }
  })
  return { ...saved, json: JSON.stringify(json), shards }
}

/** What failed loads are checked against: a tiny model saved and loaded first, whose predictions must not change. */
export interface LoadHarness {
  saved: SavedFiles
  /** The loaded reference's logits on a fixed input. */
  predict(): Float32Array
  /**
   * Loads `source`, expecting a ModelLoadError with `code` within 5 s (a load that hangs fails here,
   * not at the test's timeout); checks that no tensor is left and the reference predicts bit-identically.
   */
  rejection(source: ModelSourceInput, code: ModelLoadErrorCode, options?: LoadModelOptions): Promise<ModelLoadError>
  dispose(): void
}

/** Resolves to 'hung' when `promise` takes longer than `ms`. */
export const within = <T>(promise: Promise<T>, ms = 5000) => Promise.race([promise, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms))])

/** Saves and loads `branchingModel(seed)` (on the cpu backend) as the reference of a {@link LoadHarness}. */
export async function loadHarness(seed = 9): Promise<LoadHarness> {
  await tf.setBackend('cpu')
  const original = branchingModel(seed)
  const saved = await saveModel(original)
  original.dispose()
  const reference = await loadModel(asFiles(saved))
  const predict = () => tf.tidy(() => reference.execute(tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor4D, { layers: ['mixed3a'], predictions: true }).output!.dataSync() as Float32Array)
  const expected = predict()
  return {
    saved,
    predict,
    async rejection(source, code, options) {
      const before = tf.memory().numTensors
      const outcome = await within(loadModel(source, options).then((m: PerturberModel) => (m.dispose(), 'loaded' as const), (e: unknown) => e))
      expect(outcome, 'the load neither hangs nor succeeds').toBeInstanceOf(ModelLoadError)
      const error = outcome as ModelLoadError
      expect(error.code, error.message).toBe(code)
      expect(tf.memory().numTensors).toBe(before)
      expect(Array.from(predict())).toEqual(Array.from(expected))
      return error
    },
    dispose: () => reference.dispose(),
  }
}

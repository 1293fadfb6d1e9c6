import * as tf from '@tensorflow/tfjs'
import type { FetchLike } from './sources'

/**
 * Test helpers (not exported from the package): a model saved through TF.js's real save path,
 * as model.json text plus weight files, served as `File`s or over a fake `fetch`.
 */
export interface SavedFiles {
  json: string
  shards: { name: string; data: Uint8Array<ArrayBuffer> }[]
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
  return [...weights.slice(0, 1), json, ...weights.slice(1).reverse()]
}

/** A fetch that serves the files under `base` (e.g. `https://models.test/tiny/`), 404 otherwise. */
export function serve(saved: SavedFiles, base: string, options: { chunk?: number } = {}): FetchLike & { requests: string[] } {
  const files = new Map<string, Uint8Array<ArrayBuffer>>([[`${base}model.json`, new TextEncoder().encode(saved.json)]])
  for (const s of saved.shards) files.set(`${base}${s.name}`, s.data)
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

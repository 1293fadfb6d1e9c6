/**
 * Exporter parity: models exported by tools/zoo/export_tfjs.py compute in TF.js what they computed
 * in PyTorch. Each exported model dir holds a parity.json written at export time (inputs, PyTorch
 * activations of every layer, logits); this test runs the same inputs through TF.js (cpu backend)
 * and compares, so it needs no Python. Checked: the committed zoo (models/perturber-zoo/index.json)
 * and the exporter fixtures (tests/fixtures/zoo-exporter/*: every supported layer type, stride-2
 * 'same' and explicit padding, float16 weights). ZOO_PARITY_DIRS (':'-separated) adds dirs.
 *
 * Tolerance: |TF.js − PyTorch| ≤ 1e-4 · max(1, largest |activation| of that layer), for every
 * compared value (all values of small layers; per-channel means and 16 sampled positions of big
 * ones). The PyTorch reference ran with exactly the exported weights (BatchNorm folded, float16
 * rounded when stored as float16), so only float32 summation order differs. Against the original,
 * unfolded float32 PyTorch model the logits must agree within 1e-4 (float32 weights) or
 * 2e-2 · max(1, |logit|max) (float16 weights).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { inferBlockName } from '@perturber/model-runtime/model'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// ZOO_DIR: check a zoo written elsewhere (npm run zoo -- --out DIR does)
const zooDir = process.env.ZOO_DIR ? resolve(process.env.ZOO_DIR) : join(root, 'models/perturber-zoo')
const fixturesDir = join(root, 'tests/fixtures/zoo-exporter')
const TOLERANCE = 1e-4
const FLOAT16_OUTPUT_TOLERANCE = 2e-2

interface ParityLayer {
  name: string
  shape: number[]
  scale: number
  values?: string
  sampleIndices?: string
  samples?: string
  channelMeans?: string
}
interface Parity {
  weightsDtype: 'float32' | 'float16'
  preprocessing: { kind: 'range'; min: number; max: number } | { kind: 'meanStd'; pixelScale: number; mean: number[]; std: number[] }
  inputs: { shape: [number, number, number, number]; data: string }
  output: string
  layers: ParityLayer[]
  torchOutput: string
}

const bytes = (b64: string) => {
  const buf = Buffer.from(b64, 'base64')
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
}
const f32 = (b64: string) => new Float32Array(bytes(b64))
const i32 = (b64: string) => new Int32Array(bytes(b64))

function modelDirs(): string[] {
  const dirs: string[] = []
  if (existsSync(join(zooDir, 'index.json'))) {
    const index = JSON.parse(readFileSync(join(zooDir, 'index.json'), 'utf8')) as { models: { path: string }[] }
    dirs.push(...index.models.map((m) => join(zooDir, m.path)))
  } else {
    console.warn(`[zoo-parity] ${zooDir}/index.json not found: no zoo models to check (run npm run zoo).`)
  }
  if (existsSync(fixturesDir)) dirs.push(...readdirSync(fixturesDir).map((d) => join(fixturesDir, d)).filter((d) => existsSync(join(d, 'parity.json'))))
  dirs.push(...(process.env.ZOO_PARITY_DIRS ?? '').split(':').filter(Boolean))
  return dirs
}

/** Reads model.json and its shards from disk, in manifest order. */
async function loadExported(dir: string, edit?: (artifacts: tf.io.ModelArtifacts) => void): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'))
  const manifest = modelJson.weightsManifest as tf.io.WeightsManifestConfig
  const shards = manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dir, p))))
  const weightData = bytes(Buffer.concat(shards).toString('base64'))
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: modelJson.modelTopology,
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData,
  }
  edit?.(artifacts)
  return tf.loadLayersModel(tf.io.fromMemory(artifacts))
}

function inputOf(parity: Parity): tf.Tensor4D {
  return tf.tidy(() => {
    const pixels = tf.tensor4d(new Uint8Array(bytes(parity.inputs.data)), parity.inputs.shape, 'float32').div(255)
    const p = parity.preprocessing
    if (p.kind === 'range') return pixels.mul(p.max - p.min).add(p.min) as tf.Tensor4D
    return pixels.mul(p.pixelScale).sub(tf.tensor1d(p.mean)).div(tf.tensor1d(p.std)) as tf.Tensor4D
  })
}

/** Largest |TF.js − PyTorch| over everything parity.json records for a layer, relative to the layer's scale. */
function layerError(layer: ParityLayer, actual: tf.Tensor): number {
  const n = actual.shape[0]
  const perImage = actual.size / n
  const data = actual.dataSync()
  const scale = Math.max(1, layer.scale)
  let worst = 0
  const compare = (a: number, b: number) => {
    worst = Math.max(worst, Math.abs(a - b) / scale)
  }
  if (layer.values) {
    const expected = f32(layer.values)
    expect(expected.length).toBe(data.length)
    expected.forEach((v, i) => compare(data[i], v))
    return worst
  }
  const indices = i32(layer.sampleIndices!)
  const samples = f32(layer.samples!)
  const means = f32(layer.channelMeans!)
  const channels = layer.shape[layer.shape.length - 1]
  const actualMeans = tf.tidy(() => actual.reshape([n, -1, channels]).mean(1).dataSync())
  for (let img = 0; img < n; img++) {
    indices.forEach((idx, j) => compare(data[img * perImage + idx], samples[img * indices.length + j]))
  }
  means.forEach((v, i) => compare(actualMeans[i], v))
  return worst
}

interface ParityReport {
  layerNames: string[]
  errors: Map<string, number>
  outputError: number
  outputScale: number
}

async function runParity(dir: string, model: tf.LayersModel): Promise<ParityReport> {
  const parity = JSON.parse(readFileSync(join(dir, 'parity.json'), 'utf8')) as Parity
  const probe = tf.model({ inputs: model.inputs, outputs: parity.layers.map((l) => model.getLayer(l.name).output as tf.SymbolicTensor) })
  const input = inputOf(parity)
  const outputs = probe.predict(input) as tf.Tensor[]
  const errors = new Map<string, number>()
  parity.layers.forEach((layer, i) => {
    expect(outputs[i].shape.slice(1), layer.name).toEqual(layer.shape)
    errors.set(layer.name, layerError(layer, outputs[i]))
  })
  const out = outputs[parity.layers.findIndex((l) => l.name === parity.output)].dataSync()
  const torchOut = f32(parity.torchOutput)
  const outputScale = Math.max(1, ...Array.from(torchOut, Math.abs))
  const outputError = Math.max(...Array.from(torchOut, (v, i) => Math.abs(v - out[i]))) / outputScale
  tf.dispose([input, ...outputs])
  return { layerNames: model.layers.map((l) => l.name), errors, outputError, outputScale }
}

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('PyTorch → TF.js export parity', () => {
  const dirs = modelDirs()
  it('has models to check', () => {
    expect(dirs.length).toBeGreaterThan(0)
  })

  it.each(dirs.map((d) => [d.startsWith(root) ? d.slice(root.length + 1) : d, d]))('%s matches PyTorch at every layer', async (_label, dir) => {
    const before = tf.memory().numTensors
    const parity = JSON.parse(readFileSync(join(dir, 'parity.json'), 'utf8')) as Parity
    const model = await loadExported(dir)
    const report = await runParity(dir, model)
    // Every layer the model has was compared, but the input and the exporter's helper paddings.
    const compared = new Set(parity.layers.map((l) => l.name))
    expect(compared.size).toBeGreaterThan(0)
    const unchecked = report.layerNames.filter((n) => !compared.has(n)).map((n) => model.getLayer(n).getClassName())
    expect(unchecked.filter((c) => c !== 'InputLayer' && c !== 'ZeroPadding2D')).toEqual([])
    const [worstLayer, worst] = [...report.errors].reduce((a, b) => (b[1] > a[1] ? b : a))
    console.info(`[zoo-parity] ${_label}: worst layer ${worstLayer} ${worst.toExponential(1)}, output vs original PyTorch ${report.outputError.toExponential(1)}`)
    const failing = [...report.errors].filter(([, e]) => !(e <= TOLERANCE))
    expect(failing, `layers off by more than ${TOLERANCE} (relative)`).toEqual([])
    expect(report.outputError).toBeLessThanOrEqual(parity.weightsDtype === 'float16' ? FLOAT16_OUTPUT_TOLERANCE : TOLERANCE)
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  }, 120_000)

  const zooModels = dirs.filter((d) => d.startsWith(zooDir) && existsSync(join(d, 'descriptor.json')))
  it.each(zooModels.map((d) => [d.slice(zooDir.length + 1), d]))('%s: descriptor.json layer groups are the runtime\'s blocks', (_label, dir) => {
    const descriptor = JSON.parse(readFileSync(join(dir, 'descriptor.json'), 'utf8')) as { layerGroups: Record<string, string[]> }
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'))
    const layerNames = (modelJson.modelTopology.config.layers as { name: string }[]).map((l) => l.name)
    for (const [block, layers] of Object.entries(descriptor.layerGroups)) {
      for (const layer of layers) {
        expect(layerNames).toContain(layer)
        expect(inferBlockName(layer)).toBe(block)
      }
    }
    expect(descriptor.layerGroups.mixed3a).toEqual(['mixed3a_1x1', 'mixed3a_3x3_reduce', 'mixed3a_3x3', 'mixed3a_5x5_reduce', 'mixed3a_5x5', 'mixed3a_pool', 'mixed3a_pool_proj', 'mixed3a'])
  })

  const fixture = dirs.find((d) => d.startsWith(fixturesDir))
  it.skipIf(!fixture)('detects a wrongly laid-out kernel (the comparison can fail)', async () => {
    // Mirror the first Conv2D kernel vertically (as a missing OIHW→HWIO flip would): parity must break there.
    const model = await loadExported(fixture!, (artifacts) => {
      const spec = artifacts.weightSpecs!.find((s) => s.name.endsWith('/kernel') && s.shape.length === 4)!
      const f16 = spec.quantization?.dtype === 'float16'
      const bytesPer = f16 ? 2 : 4
      let offset = 0
      for (const s of artifacts.weightSpecs!) {
        if (s === spec) break
        offset += s.shape.reduce((a, b) => a * b, 1) * (s.quantization?.dtype === 'float16' ? 2 : 4)
      }
      const [kh, rest] = [spec.shape[0], spec.shape.slice(1).reduce((a, b) => a * b, 1) * bytesPer]
      const data = new Uint8Array(artifacts.weightData as ArrayBuffer)
      const copy = data.slice(offset, offset + kh * rest)
      for (let r = 0; r < kh; r++) data.set(copy.subarray((kh - 1 - r) * rest, (kh - r) * rest), offset + r * rest)
    })
    const report = await runParity(fixture!, model)
    expect(Math.max(...report.errors.values())).toBeGreaterThan(100 * TOLERANCE)
    model.dispose()
  }, 120_000)
})

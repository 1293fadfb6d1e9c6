import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fuzz, int, mutateBytes, mutateJson, pickOne, type Random } from '../../../../tests/support/fuzz'
import { inferFrame } from '../inference/inferFrame'
import { framePixelsToTensor } from '../inference/framePixels'
import { graphModelSaved } from '../testing/graphModel'
import { batchNormModel, branchingModel, residualModel, testFrame } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { ModelLoadError } from './errors'
import { loadModel } from './loadModel'
import { asFiles, quantizeWeights, saveModel, serve, type SavedFiles } from './testFixtures'

/**
 * Seeded mutation fuzzing of model loading: valid small models (layers models with concat, residual
 * add, batch norms, a depthwise convolution, quantized weights, an embedded descriptor, a
 * labels.json; a hand-written graph model), saved as
 * model.json + weight files, then damaged — model.json as JSON (hostile values, deleted and
 * prototype keys, repeated elements, deep nesting) or as bytes, the weight files as bytes — and
 * loaded through `loadModel` over a fake fetch or as files, on TF.js' cpu backend.
 *
 * Every case must end, within a time limit, in a loaded model (whose predictions on a frame are
 * finite or flagged as not finite) or a `ModelLoadError` whose message is meant for a person: no
 * TypeError, RangeError, stack overflow or other internal message. The model
 * loaded before the run predicts bit-identically after it, and no tensor is left behind.
 * A failure names its seed and case index: `fuzz` reproduces it.
 */

/** `FUZZ_SEED` / `FUZZ_CASES` explore further (`FUZZ_ONLY=<index> FUZZ_DEBUG=1` replays one case). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207)
const CASES = Number(process.env.FUZZ_CASES ?? 2500)
const SLOW_MS = 3000
const BASE = 'https://fuzz.test/models/net/'

/** What an internal error looks like in a message (JavaScript's own errors, TF.js's stack traces). */
const INTERNAL = /TypeError|RangeError|ReferenceError|SyntaxError: (?!JSON|Unexpected|Expected|Bad|Unterminated)|Maximum call stack|is not iterable|is not a function|is not a constructor|Cannot read propert|Cannot set propert|Cannot convert|undefined is not|null is not|Invalid array length|Out of memory|out of memory/

function internalMessage(e: unknown): string | undefined {
  if (!(e instanceof ModelLoadError)) return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  // the cause may be anything TF.js threw: it is kept for developers, the message is what people see
  if (INTERNAL.test(e.message)) return `ModelLoadError(${e.code}) with an internal message: ${e.message}`
  return undefined
}

/** Text already written as JSON (a bracket, a comma, a key), as opposed to a value still to write. */
class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of any value, iteratively (JSON.stringify overflows the stack on deeply nested values). */
function toJsonText(value: unknown): string {
  const out: string[] = []
  const stack: unknown[] = [value]
  while (stack.length) {
    const item = stack.pop()
    if (item instanceof Raw) out.push(item.text)
    else if (Array.isArray(item)) {
      out.push('[')
      stack.push(new Raw(']'))
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i] === undefined ? null : item[i], ...(i > 0 ? [new Raw(',')] : []))
    } else if (typeof item === 'object' && item !== null) {
      out.push('{')
      stack.push(new Raw('}'))
      const entries = Object.entries(item).filter(([, v]) => v !== undefined)
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i][1], new Raw(`${JSON.stringify(entries[i][0])}:`), ...(i > 0 ? [new Raw(',')] : []))
    } else out.push(JSON.stringify(item) ?? 'null')
  }
  return out.join('')
}

interface Case {
  index: number
  saved: SavedFiles
  /** over a fake fetch, or as files the user selected */
  via: 'url' | 'files'
  what: string
}

let bases: SavedFiles[]
let reference: PerturberModel
let referenceOutput: Float32Array
const frame = testFrame(1)

function predict(model: PerturberModel): Float32Array {
  return tf.tidy(() => model.execute(model.preprocess(framePixelsToTensor(frame)), { layers: [], predictions: true }).output!.dataSync() as Float32Array)
}

beforeAll(async () => {
  await tf.setBackend('cpu')
  const models = [branchingModel(2), residualModel(3), batchNormModel(4)]
  const saved = await Promise.all(models.map((m) => saveModel(m)))
  models.forEach((m) => m.dispose())
  const [branching, residual, batchNorm] = saved
  const descriptor = {
    name: 'Fuzzed net',
    labels: { id: 'pets', names: ['dog', 'cat', 'fish', 'bird', 'frog'] },
    preprocessing: { kind: 'range', min: 0, max: 1 },
    layerGroups: { stem: ['conv2d0'] },
    neuronGroups: { mixed3a: [{ name: 'Dog detectors', channels: [8, 0, 3] }] },
    examples: { '0': '../examples/dog.png' },
    featureVisualizations: { size: 10, cell: 16, layers: { mixed3a: { atlas: 'featurevis/mixed3a.jpg', columns: 4, channels: 9, notRaised: [2] } } },
  }
  const embedded: SavedFiles = { ...branching, json: JSON.stringify({ ...JSON.parse(branching.json), userDefinedMetadata: { perturber: { descriptor } } }) }
  const labelled: SavedFiles = { ...residual, extra: [{ name: 'labels.json', data: new TextEncoder().encode(JSON.stringify(['a', 'b', 'c', 'd', 'e'])) }] }
  bases = [
    embedded,
    labelled,
    batchNorm,
    // every dtype a converter writes: uint8, uint16 and float16 quantization next to plain float32
    quantizeWeights(branching, (name, i) => (['uint8', 'uint16', 'float16', undefined] as const)[i % 4]),
    quantizeWeights(batchNorm, (name, i) => (['float16', undefined, 'uint8'] as const)[i % 3]),
    // a graph model (GraphDef as JSON): convolutions, a residual AddV2, pooling, a dense head
    graphModelSaved(),
  ]
  // every base loads: the mutations start from valid models
  for (const base of bases) (await loadModel(`${BASE}model.json`, { fetch: serve(base, BASE) })).dispose()
  reference = await loadModel(asFiles(embedded))
  referenceOutput = predict(reference)
})

afterAll(() => reference?.dispose())

/** One mutated model: its model.json as JSON or as bytes, or one weight file's bytes. */
function makeCase(random: Random, index: number): Case {
  const base = pickOne(random, bases)
  const via = random() < 0.8 ? 'url' : 'files'
  const kind = random()
  if (kind < 0.6) {
    let json: unknown = JSON.parse(base.json)
    const steps = 1 + int(random, 2)
    for (let i = 0; i < steps; i++) {
      try {
        json = mutateJson(json, random)
      } catch {
        break // a deeply nested value cannot be cloned for a second mutation
      }
    }
    return { index, saved: { ...base, json: toJsonText(json) }, via, what: 'model.json (JSON)' }
  }
  if (kind < 0.75) {
    const bytes = mutateBytes(new TextEncoder().encode(base.json), random)
    return { index, saved: { ...base, json: new TextDecoder().decode(bytes) }, via, what: 'model.json (bytes)' }
  }
  const files = [...base.shards, ...(base.extra ?? [])]
  const target = pickOne(random, files)
  const damaged = (s: { name: string; data: Uint8Array<ArrayBuffer> }) => (s === target ? { name: s.name, data: mutateBytes(s.data, random) as Uint8Array<ArrayBuffer> } : s)
  return { index, saved: { ...base, shards: base.shards.map(damaged), extra: base.extra?.map(damaged) }, via, what: target.name }
}

/** Loads one case; a loaded model must predict finite numbers or say that it did not. Throws `internal` errors for the report. */
async function runCase({ saved, via, what }: Case, outputs: { finite: number; flagged: number }) {
  const internal = (problem: string) => Object.assign(new Error(`${what} via ${via}: ${problem}`), { internal: true })
  const source = via === 'url' ? `${BASE}model.json` : asFiles(saved)
  let model: PerturberModel
  try {
    model = await loadModel(source, { fetch: serve(saved, BASE), stallTimeoutMs: 2000 })
  } catch (e) {
    const problem = internalMessage(e)
    throw problem ? internal(problem) : e
  }
  try {
    const pixels = framePixelsToTensor(frame)
    const [r] = (await inferFrame(pixels, [{ model, predictions: true, probabilities: 'all' }], 1).finally(() => pixels.dispose())).models
    const numbers = [...(r.predictions ?? []).flatMap((p) => [p.logit, p.probability]), ...(r.probabilities ?? [])]
    if (!numbers.every(Number.isFinite)) throw internal('a loaded model returned a non-finite prediction')
    outputs[r.problem ? 'flagged' : 'finite']++
  } finally {
    model.dispose()
  }
}

test(`model.json fuzzing: ${CASES} seeded mutations of valid models each end in a model or a ModelLoadError for people, quickly, with nothing changed`, async () => {
  const tensorsBefore = tf.memory().numTensors
  const leaks: string[] = []
  const outputs = { finite: 0, flagged: 0 }
  const only = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY)
  const report = await fuzz(
    { cases: CASES, seed: SEED, slowMs: SLOW_MS },
    makeCase,
    async (input) => {
      if (only !== undefined && only !== input.index) return
      if (process.env.FUZZ_DEBUG) process.stderr.write(`case ${input.index}: ${input.what} via ${input.via}\n${only !== undefined ? `${input.saved.json}\n` : ''}`)
      const tensors = tf.memory().numTensors
      try {
        await runCase(input, outputs)
      } finally {
        const left = tf.memory().numTensors - tensors
        if (left !== 0) leaks.push(`case ${input.index} (${input.what} via ${input.via}) left ${left} tensors`)
      }
    },
    (e) => {
      if (only !== undefined) process.stderr.write(`outcome: ${(e as Error).message}\n`)
      return !(e as { internal?: boolean }).internal && e instanceof ModelLoadError
    },
  )
  console.log(`[fuzz] ${CASES} cases, seed ${SEED}: ${JSON.stringify(report.counts)}; loaded models' predictions: ${JSON.stringify(outputs)}`)
  expect(report.problems.map((p) => `case ${p.index} (${p.kind}, ${Math.round(p.ms)} ms): ${p.message}`)).toEqual([])
  expect(report.counts.internal + report.counts.slow).toBe(0)
  expect(leaks).toEqual([])
  if (only !== undefined) return
  // both outcomes occur: the mutations reach past the first checks
  expect(report.counts.ok).toBeGreaterThan(CASES / 20)
  expect(report.counts.typed).toBeGreaterThan(CASES / 5)
  // nothing changed: no tensor left behind, the model loaded before predicts bit-identically
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(Array.from(predict(reference))).toEqual(Array.from(referenceOutput))
}, 120_000)

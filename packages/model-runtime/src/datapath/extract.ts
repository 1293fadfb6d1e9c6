import { nextFrame } from '../featurevis/runFeatureVis'
import type { FramePixels, LayerInfo, PerturberModel } from '../types'
import { batchContributions, framesInput } from './contributions'
import { datapathLambda, solveDatapathQp } from './qp'
import type { Datapath, DatapathExecute, DatapathLayer, DatapathOptions } from './types'

const MiB = 1024 * 1024

/** The chosen layers in the model's order, or an error that says what to choose instead. */
export function datapathLayers(model: PerturberModel, names?: readonly string[]): LayerInfo[] {
  if (!names) return [...model.layers]
  const wanted = new Set(names)
  const spatial = model.layers.map((l) => l.name)
  const examples = `${spatial.slice(-4).join(', ')}${spatial.length > 4 ? ', …' : ''} (the model's \`layers\` lists all ${spatial.length})`
  for (const name of wanted) {
    if (spatial.includes(name)) continue
    const exists = model.layersModel?.layers.some((l) => l.name === name)
    throw new Error(
      exists
        ? `Layer "${name}" of "${model.descriptor.name}" has no spatial maps (its output is not [h, w, c] with more than one position), so it has no feature maps to select; choose a spatial layer, such as ${examples}.`
        : `"${model.descriptor.name}" has no layer "${name}"; choose spatial layers, such as ${examples}.`,
    )
  }
  if (wanted.size === 0) throw new Error(`A datapath needs at least one layer; choose spatial layers of "${model.descriptor.name}", such as ${examples}.`)
  return model.layers.filter((l) => wanted.has(l.name))
}

function checkClass(model: PerturberModel, classIndex: number | undefined) {
  const classes = model.descriptor.labels.names.length
  if (classIndex === undefined || (Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classes)) return
  throw new RangeError(`Class ${classIndex} is not a label index of "${model.descriptor.name}": choose 0..${classes - 1}, or leave classIndex out for the first frame's top class.`)
}

/** Frames per backward pass: what the whole model's activations, their gradients and the taps take stays under `bytes`. */
function framesPerPass(model: PerturberModel, bytes: number): number {
  const perFrame = model.layers.reduce((sum, l) => sum + l.shape[0] * l.shape[1] * l.shape[2], 0) * 4 * 3
  return Math.max(1, Math.floor(bytes / Math.max(1, perFrame)))
}

/** The maps with z ≥ threshold, largest z first (ties: larger contribution first). */
export function criticalMaps(z: ArrayLike<number>, contributions: ArrayLike<number>, threshold: number): number[] {
  const maps: number[] = []
  for (let j = 0; j < z.length; j++) if (z[j] >= threshold) maps.push(j)
  return maps.sort((a, b) => z[b] - z[a] || contributions[b] - contributions[a])
}

/**
 * Extracts a datapath (AEVis, Liu et al. 2018, Sec. 4): for one frame or a set of frames, each
 * chosen layer's contributions q_j = a_j·∂p/∂a_j for the class score p, from one backward pass per
 * batch of frames for all layers at once, then per layer the QP of eq. (5) (its summed form for a
 * set) with λ = 0.1/n², solved exactly; the critical maps are those with z ≥ `threshold`. Runs
 * in steps (a batch of frames, a layer's QP) with the event loop in between, reporting progress;
 * aborting `signal` stops it. TF.js work runs through `execute` (the runtime queues it on a
 * backend with gradients).
 *
 * Refused, saying what to choose instead: layers without spatial maps, a class out of range, a
 * backend without correct gradients (wasm), more frames than `maxFrames`, a graph model.
 */
export async function extractDatapath(model: PerturberModel, frames: readonly FramePixels[], options: DatapathOptions & { execute?: DatapathExecute } = {}): Promise<Datapath> {
  const { classIndex, threshold = 0.5, onProgress, signal, maxFrames = 256, batchBytes = 256 * MiB, yieldToEventLoop = nextFrame } = options
  const execute: DatapathExecute = options.execute ?? (async (task) => task(model))
  const layers = datapathLayers(model, options.layers)
  checkClass(model, classIndex)
  if (frames.length === 0) throw new Error('A datapath needs at least one frame.')
  if (frames.length > maxFrames) {
    const every = Math.ceil(frames.length / maxFrames)
    throw new Error(
      `${frames.length} frames are more than one datapath takes (at most ${maxFrames}: every frame's contributions to every map are held, and the set's QP grows with the frames); ` +
        `choose at most ${maxFrames}, e.g. one frame in every ${every}, or extract datapaths of smaller sets.`,
    )
  }
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`The critical threshold must be in (0, 1] (got ${threshold}).`)
  throwIfAborted(signal)
  const version = model.version
  const perPass = framesPerPass(model, batchBytes)
  const K = frames.length
  const perFrame = new Map(layers.map((l) => [l.name, new Float32Array(K * l.channels)]))
  const activations = new Map(layers.map((l) => [l.name, new Float32Array(K * l.channels)]))
  const scores = new Float32Array(K)
  const predicted = new Int32Array(K)
  let chosen = classIndex
  for (let start = 0; start < K; start += perPass) {
    const batch = frames.slice(start, start + perPass)
    const result = await execute(async (m) => {
      const input = framesInput(m, batch)
      try {
        return await batchContributions(m, input, layers, chosen)
      } finally {
        input.dispose()
      }
    })
    chosen = result.classIndex
    for (const l of layers) {
      perFrame.get(l.name)!.set(result.contributions.get(l.name)!, start * l.channels)
      activations.get(l.name)!.set(result.meanActivations.get(l.name)!, start * l.channels)
    }
    scores.set(result.scores, start)
    predicted.set(result.predicted, start)
    onProgress?.({ stage: 'gradients', done: start + batch.length, total: K })
    await yieldToEventLoop()
    throwIfAborted(signal)
  }
  if (model.version !== version) throw new Error(`"${model.descriptor.name}" was edited during the datapath extraction; extract it again.`)

  const solved: DatapathLayer[] = []
  for (const [i, l] of layers.entries()) {
    const n = l.channels
    const rows = perFrame.get(l.name)!
    const frameRows = Array.from({ length: K }, (_, k) => rows.subarray(k * n, (k + 1) * n))
    const lambda = datapathLambda(n)
    const solution = solveDatapathQp(frameRows, lambda)
    const contributions = new Float32Array(n)
    const meanActivation = new Float32Array(n)
    const means = activations.get(l.name)!
    for (let k = 0; k < K; k++)
      for (let j = 0; j < n; j++) {
        contributions[j] += rows[k * n + j]
        meanActivation[j] += means[k * n + j] / K
      }
    const { z, kkt, objective, iterations, method } = solution
    solved.push({ layer: l.name, channels: n, lambda, contributions, frameContributions: rows, z: Float32Array.from(z), critical: criticalMaps(z, contributions, threshold), meanActivation, solver: { kkt, objective, iterations, method } })
    onProgress?.({ stage: 'solve', done: i + 1, total: layers.length, layer: l.name })
    await yieldToEventLoop()
    throwIfAborted(signal)
  }
  return { modelId: model.id, modelVersion: version, classIndex: chosen!, frameIds: frames.map((f) => f.frameId), scores, predicted, threshold, layers: solved }
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DOMException('Datapath extraction cancelled.', 'AbortError')
}

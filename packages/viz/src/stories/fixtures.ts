import type { ActivationMaps, FeatureVisImage, LabelSet, Prediction } from '@perturber/model-runtime'
import { imagenetLabels } from '@perturber/model-runtime'
import { mulberry32 } from '@perturber/perturbations/authoring'
import type { FeatureVisGenerator } from '../featurevis/types'

/**
 * Synthetic but plausible data for the static stories (the live story runs a real network).
 * Maps mimic a mid-level layer after a ReLU: sparse positive blobs on an object, a few channels
 * with oriented stripes, and one pre-activation channel with negative values.
 */
export function syntheticMaps(options: { layer?: string; size?: number; channels?: number[]; seed?: number; gain?: number } = {}): ActivationMaps {
  const { layer = 'mixed4a', size = 14, channels = [412, 418, 97, 233], seed = 1, gain = 1 } = options
  const random = mulberry32(seed)
  const data = new Float32Array(channels.length * size * size)
  channels.forEach((channel, c) => {
    const blobs = Array.from({ length: 2 + (channel % 3) }, () => ({ x: size * (0.25 + 0.5 * random()), y: size * (0.25 + 0.5 * random()), r: size * (0.08 + 0.12 * random()), a: 0.5 + 2 * random() }))
    const angle = (channel * 0.7) % Math.PI
    const signed = c === channels.length - 1 // one channel before its ReLU: negative values too
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        let v = 0
        for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r))
        v += 0.6 * Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) * 1.3) * (c % 2)
        v += 0.15 * (random() - 0.5)
        data[c * size * size + y * size + x] = gain * (signed ? v - 0.6 : Math.max(0, v - 0.2))
      }
  })
  // statistics of the "whole layer": the shown channels stand in for it
  let sum = 0
  let sumSq = 0
  for (const v of data) {
    sum += v
    sumSq += v * v
  }
  const mean = sum / data.length
  return { layer, shape: [size, size, 508], channels, data, layerMean: mean, layerStd: Math.sqrt(sumSq / data.length - mean * mean) }
}

/** A Gabor-like coloured pattern standing in for a feature visualization (not produced by a network). */
export function syntheticFeatureVis(channel: number, size = 64, naive = false): FeatureVisImage {
  const data = new Uint8ClampedArray(size * size * 4)
  const angle = (channel * 0.7) % Math.PI
  const frequency = 0.25 + (channel % 5) * 0.08
  const hue = [(channel * 37) % 255, (channel * 91) % 255, (channel * 53) % 255]
  const random = mulberry32(channel)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const u = x * Math.cos(angle) + y * Math.sin(angle)
      const wave = 0.5 + 0.5 * Math.sin(u * frequency * (naive ? 2.5 : 1))
      const noise = naive ? random() * 0.5 : 0
      const i = (y * size + x) * 4
      for (let k = 0; k < 3; k++) data[i + k] = (1 - noise) * (wave * hue[k] + (1 - wave) * (255 - hue[k])) + noise * 255 * random()
      data[i + 3] = 255
    }
  return { width: size, height: size, data }
}

/**
 * A stand-in generator that behaves like `runtime.featureVis`: progress every few milliseconds with
 * an estimate of the time left, honours its AbortSignal, and can be made to fail or to end with a
 * channel that did not respond (a flat gray image, `responded: false`).
 */
export function fakeGenerator(options: { steps?: number; msPerStep?: number; fail?: string; unresponsive?: boolean } = {}): FeatureVisGenerator {
  const { steps = 64, msPerStep = 15, fail, unresponsive } = options
  return (_layer, channel, { parameterization, signal, onProgress }) =>
    new Promise((resolve, reject) => {
      let step = 0
      const timer = setInterval(() => {
        if (signal.aborted) {
          clearInterval(timer)
          reject(new DOMException('Feature visualization cancelled.', 'AbortError'))
          return
        }
        step += 2
        onProgress({ step: Math.min(step, steps), total: steps, remainingMs: Math.max(0, steps - step) * msPerStep })
        if (fail && step >= steps / 2) {
          clearInterval(timer)
          reject(new Error(fail))
        } else if (step >= steps) {
          clearInterval(timer)
          if (unresponsive) resolve({ image: { width: 8, height: 8, data: new Uint8ClampedArray(256).fill(128) }, responded: false, objective: 0, startObjective: 0, layerMedian: 0.31 })
          else resolve({ image: syntheticFeatureVis(channel, 64, parameterization === 'pixel'), responded: true })
        }
      }, msPerStep * 2)
    })
}

/** A PNG data URL of a synthetic feature visualization, standing in for a shipped precomputed image. */
export function precomputedUrl(channel: number): string {
  const image = syntheticFeatureVis(channel, 64)
  const canvas = document.createElement('canvas')
  canvas.width = image.width
  canvas.height = image.height
  canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0)
  return canvas.toDataURL()
}

/** ImageNet labels with a placeholder "example image" per class (an SVG card with the class name). */
export const labelsWithPlaceholderExamples: LabelSet = {
  ...imagenetLabels,
  example: (labelIndex) => {
    const name = imagenetLabels.names[labelIndex]?.split(',')[0] ?? `class ${labelIndex}`
    const hue = (labelIndex * 47) % 360
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" fill="hsl(${hue},45%,70%)"/><text x="64" y="60" font-family="sans-serif" font-size="11" text-anchor="middle">${escapeXml(name)}</text><text x="64" y="78" font-family="sans-serif" font-size="9" text-anchor="middle" fill="#333">(example placeholder)</text></svg>`
    return `data:image/svg+xml,${encodeURIComponent(svg)}`
  },
}

/** Top-5 in the style of a standard vs a shape-biased model on a smooth, untextured dog (thesis Fig. 1.3). */
export function predictionsFor(labelIndices: number[], logits: number[]): Prediction[] {
  const max = Math.max(...logits)
  // a softmax over these five plus a long tail that takes the rest of the mass
  const exps = logits.map((l) => Math.exp(l - max))
  const total = exps.reduce((a, b) => a + b, 0) * 1.6
  return labelIndices.map((labelIndex, i) => ({ labelIndex, label: imagenetLabels.names[labelIndex], logit: logits[i], probability: exps[i] / total }))
}

export const standardModelPredictions = predictionsFor([719, 769, 463, 896, 516], [9.1, 7.4, 6.9, 6.2, 5.8]) // piggy bank, rule, bucket, …
export const robustModelPredictions = predictionsFor([250, 248, 249, 269, 273], [8.2, 7.9, 6.1, 4.3, 3.9]) // Siberian husky, Eskimo dog, …

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * ImageNet-C fidelity of the stochastic corruptions (issue 17): on the fixed 224 px test image, the
 * GPU effect at each of the reference's severities gives a difference image (corrupted − clean)
 * with the mean, standard deviation and radially averaged power spectrum of the reference's —
 * tests/fixtures/imagenet-c/reference-stats.json, written by tools/imagenet-c/reference_stats.py
 * from the `imagecorruptions` package with eight seeds. The tolerance of each statistic is twice
 * the range of the reference runs plus a floor for what runs can agree on by chance (for the mean,
 * five times its sampling error). Deterministic corruptions are compared per pixel with the
 * reference's output images there (PSNR ≥ 35 dB, the target); motion blur, whose angle the
 * reference draws at random, at the fixture's fixed angle.
 */
import { describe, expect, test } from 'vitest'
import { PerturbationPipeline, defaultRegistry } from '@perturber/perturbations'
import fixture from '../fixtures/imagenet-c/reference-stats.json'
import type { ImageF32 } from '../reference'
import { createRenderer, imageToTexture, runChain } from './support/gpu'

interface Stats {
  mean: number
  std: number
  spectrum: number[]
}

const SIZE = fixture.size
const BINS = fixture.spectrumBins

/** The reference script's test image, byte for byte: ramps in R and G, pixel-fine texture in B. */
function testImage(): ImageF32 {
  const data = new Float32Array(SIZE * SIZE * 4)
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 4
      data[i] = Math.floor((x * 255) / (SIZE - 1)) / 255
      data[i + 1] = Math.floor((y * 255) / (SIZE - 1)) / 255
      data[i + 2] = ((x * y) % 256) / 255
      data[i + 3] = 1
    }
  return { width: SIZE, height: SIZE, data }
}

/** |DFT|² / (h·w) of one channel, averaged into the reference's rings of frequency radius (numpy's fftfreq). */
function ringPower(plane: Float64Array, n: number, rings: Float64Array, counts: Float64Array) {
  const cos = Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n))
  const sin = Float64Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n))
  // rows, then columns (separable); real input, so the row pass has no imaginary part to carry
  const re = new Float64Array(n * n)
  const im = new Float64Array(n * n)
  for (let y = 0; y < n; y++)
    for (let k = 0; k < n; k++) {
      let r = 0, i = 0
      for (let x = 0; x < n; x++) {
        const v = plane[y * n + x], t = (k * x) % n
        r += v * cos[t]
        i -= v * sin[t]
      }
      re[y * n + k] = r
      im[y * n + k] = i
    }
  const freq = (k: number) => (k < n / 2 ? k : k - n) / n
  for (let kx = 0; kx < n; kx++)
    for (let ky = 0; ky < n; ky++) {
      let r = 0, i = 0
      for (let y = 0; y < n; y++) {
        const t = (ky * y) % n, a = re[y * n + kx], b = im[y * n + kx]
        r += a * cos[t] + b * sin[t]
        i += b * cos[t] - a * sin[t]
      }
      const radius = Math.hypot(freq(kx), freq(ky))
      const ring = Math.min(BINS - 1, Math.floor((radius / (Math.SQRT2 / 2)) * BINS))
      rings[ring] += (r * r + i * i) / (n * n)
      counts[ring] += 1 / 3
    }
}

function stats(clean: ImageF32, corrupted: ImageF32): Stats {
  const n = SIZE
  const planes = [0, 1, 2].map(() => new Float64Array(n * n))
  let sum = 0, squares = 0
  for (let p = 0; p < n * n; p++)
    for (let c = 0; c < 3; c++) {
      const d = corrupted.data[p * 4 + c] - clean.data[p * 4 + c]
      planes[c][p] = d
      sum += d
      squares += d * d
    }
  const count = n * n * 3
  const mean = sum / count
  const rings = new Float64Array(BINS), counts = new Float64Array(BINS)
  for (const plane of planes) ringPower(plane, n, rings, counts)
  // the channels' power is averaged (as the reference does), each ring over its frequencies
  return { mean, std: Math.sqrt(squares / count - mean * mean), spectrum: Array.from(rings, (v, k) => v / 3 / counts[k]) }
}

/** How far a statistic may be from the reference's: twice the range of the seeds' values, plus a floor. */
function within(ours: number, runs: number[], relative: number, absolute: number) {
  const centre = runs.reduce((a, b) => a + b, 0) / runs.length
  const tolerance = 2 * (Math.max(...runs) - Math.min(...runs)) + relative * Math.abs(centre) + absolute
  return { ours, centre, tolerance, ok: Math.abs(ours - centre) <= tolerance }
}

/** stochastic corruptions: the reference's name → our effect (parameters `severity` and `seed`) */
const effects = {
  gaussian_noise: 'gaussian-noise',
  shot_noise: 'shot-noise',
  impulse_noise: 'impulse-noise',
  speckle_noise: 'speckle-noise',
  glass_blur: 'glass-blur',
  snow: 'snow',
  frost: 'frost',
  fog: 'fog',
  spatter: 'spatter',
  elastic_transform: 'elastic-transform',
} as const

/** The reference's outputs of the deterministic corruptions, by file name (`brightness-3.png`). */
const outputs = import.meta.glob<string>('../fixtures/imagenet-c/*.png', { query: '?url', import: 'default', eager: true })

async function loadPng(url: string): Promise<Uint8ClampedArray> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  return context.getImageData(0, 0, bitmap.width, bitmap.height).data
}

/** PSNR in dB of an image against 8-bit reference pixels (RGB; peak 1). */
function psnr(ours: ImageF32, reference: Uint8ClampedArray): number {
  let squares = 0
  for (let p = 0; p < SIZE * SIZE; p++) for (let c = 0; c < 3; c++) squares += (ours.data[p * 4 + c] - reference[p * 4 + c] / 255) ** 2
  return 10 * Math.log10(1 / (squares / (SIZE * SIZE * 3)))
}

/** The target for per-pixel fidelity. */
const MIN_PSNR = 35
/** deterministic corruptions: the reference's name → our effect and the parameters besides `severity` that leave it alone */
const deterministic = {
  brightness: ['brightness', { brightness: 0 }],
  contrast: ['contrast', { contrast: 1 }],
  saturate: ['saturation', { saturation: 1 }],
  pixelate: ['pixelate', { blockSize: 1 }],
  gaussian_blur: ['gaussian-blur', { sigma: 0 }],
  defocus_blur: ['defocus-blur', { radius: 0 }],
  zoom_blur: ['zoom-blur', {}],
  jpeg_compression: ['jpeg', { compression: 0 }],
  // the reference measures its angle clockwise (its y axis points down), ours counter-clockwise
  motion_blur: ['motion-blur', { length: 0, angle: -fixture.motionBlurAngle }],
} as const

describe('ImageNet-C stochastic corruptions match the reference in distribution', () => {
  const renderer = createRenderer()
  const pipeline = new PerturbationPipeline(renderer, { width: SIZE, height: SIZE })
  const clean = testImage()
  const input = imageToTexture(clean)

  for (const [name, id] of Object.entries(effects)) {
    test(`${id}: severities 1–5 against imagecorruptions' ${name}`, () => {
      const levels = fixture.corruptions[name as keyof typeof effects]
      for (let severity = 1; severity <= 5; severity++) {
        const runs = (levels as Record<string, Stats[]>)[String(severity)]
        const state = { ...defaultRegistry.defaultState(id, true), params: { severity, seed: 1 } }
        const ours = stats(clean, runChain(pipeline, input, [state]))
        // a mean over N values drawn with this spread wanders by std/√N between runs
        const sampling = runs.reduce((a, r) => a + r.std, 0) / runs.length / Math.sqrt(SIZE * SIZE * 3)
        const checks = {
          mean: within(ours.mean, runs.map((r) => r.mean), 0.02, 5 * sampling + 2e-4),
          std: within(ours.std, runs.map((r) => r.std), 0.01, 5e-4),
          ...Object.fromEntries(ours.spectrum.map((v, k) => [`spectrum[${k}]`, within(v, runs.map((r) => r.spectrum[k]), 0.05, 1e-5)])),
        }
        const failed = Object.entries(checks).filter(([, c]) => !c.ok)
        expect(failed.map(([key, c]) => `severity ${severity} ${key}: ${c.ours.toPrecision(4)} vs ${c.centre.toPrecision(4)} ± ${c.tolerance.toPrecision(2)}`)).toEqual([])
      }
    })
  }

  for (const [name, [id, rest]] of Object.entries(deterministic)) {
    test(`${id}: the ImageNet-C severities 1–5 give imagecorruptions' ${name} pixel for pixel (PSNR ≥ ${MIN_PSNR} dB)`, async () => {
      expect(fixture.deterministic).toContain(name)
      const measured: number[] = []
      for (let severity = 1; severity <= 5; severity++) {
        const reference = await loadPng(outputs[`../fixtures/imagenet-c/${name}-${severity}.png`])
        const state = { ...defaultRegistry.defaultState(id, true), params: { ...rest, severity } }
        measured.push(psnr(runChain(pipeline, input, [state]), reference))
      }
      console.log(`[imagenet-c] ${name}: PSNR ${measured.map((v) => v.toFixed(1)).join(', ')} dB at severities 1–5`)
      for (const value of measured) expect(value).toBeGreaterThanOrEqual(MIN_PSNR)
      // and the clean image is far from them: the test can tell
      expect(psnr(clean, await loadPng(outputs[`../fixtures/imagenet-c/${name}-5.png`]))).toBeLessThan(25)
    })
  }

  test.each(Object.values(effects))('%s: the same seed gives the same pixels; another seed, others', (id) => {
    const state = (seed: number) => ({ ...defaultRegistry.defaultState(id, true), params: { severity: 3, seed } })
    const a = runChain(pipeline, input, [state(4)]).data.slice()
    expect(runChain(pipeline, input, [state(4)]).data).toEqual(a)
    expect(runChain(pipeline, input, [state(5)]).data).not.toEqual(a)
  })
})

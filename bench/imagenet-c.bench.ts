import { PerturbationPipeline, defaultRegistry } from '@perturber/perturbations'
import { IMAGENET_C_CORRUPTIONS } from '@perturber/app/batch'
import { DataTexture, FloatType, NearestFilter, RGBAFormat, WebGLRenderer } from 'three'
import { log, medianTime, type Metric } from './measure'

/** What tools/bench.mjs measured of the Python reference (tools/imagenet-c/reference_timing.py), passed in the page's query. */
interface ReferenceTiming {
  ms: Record<string, number[]>
  total_ms: number
}

const SIZE = 224

/** reference_stats.py's test image (ramps in R and G, pixel-fine texture in B), bottom row first as GL wants it. */
function testTexture(): DataTexture {
  const data = new Float32Array(SIZE * SIZE * 4)
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const i = ((SIZE - 1 - y) * SIZE + x) * 4
      data.set([Math.floor((x * 255) / (SIZE - 1)) / 255, Math.floor((y * 255) / (SIZE - 1)) / 255, ((x * y) % 256) / 255, 1], i)
    }
  const texture = new DataTexture(data, SIZE, SIZE, RGBAFormat, FloatType)
  texture.minFilter = texture.magFilter = NearestFilter
  texture.needsUpdate = true
  return texture
}

/**
 * Every ImageNet-C corruption at severities 1–5 on the GPU (the corrupted image read back whole, as
 * the reference returns it) against the reference's time for the same images, measured by
 * tools/bench.mjs in the same `npm run bench` just before the browser starts.
 */
export async function benchImagenetC(): Promise<Record<string, Metric>> {
  const query = new URLSearchParams(location.search).get('imagenetCReference')
  if (!query) {
    log('imagenet-c: no reference timing (Python with imagecorruptions missing, see tools/bench.mjs): imagenet_c_gpu_vs_reference_speedup left out')
    return {}
  }
  const reference = JSON.parse(query) as ReferenceTiming
  const renderer = new WebGLRenderer({ canvas: document.createElement('canvas'), antialias: false })
  const pipeline = new PerturbationPipeline(renderer, { width: SIZE, height: SIZE })
  const input = testTexture()
  const gl = renderer.getContext()
  const info = gl.getExtension('WEBGL_debug_renderer_info')
  const device = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
  let gpuTotal = 0
  let referenceTotal = 0
  const lines: string[] = []
  try {
    for (const { name, id } of IMAGENET_C_CORRUPTIONS) {
      if (!defaultRegistry.get(id) || !reference.ms[name]) continue
      const levels: number[] = []
      for (let severity = 1; severity <= 5; severity++) {
        const state = { ...defaultRegistry.defaultState(id, true), params: { ...defaultRegistry.defaultState(id).params, severity } }
        pipeline.setChain([state])
        levels.push(await medianTime(() => (pipeline.render(input), pipeline.readPixels()), 3, 1))
      }
      const gpu = levels.reduce((a, b) => a + b, 0)
      const ref = reference.ms[name].reduce((a, b) => a + b, 0)
      gpuTotal += gpu
      referenceTotal += ref
      lines.push(`  ${name.padEnd(18)} GPU ${(gpu / 5).toFixed(1)} ms, reference ${(ref / 5).toFixed(1)} ms per image`)
    }
  } finally {
    input.dispose()
    pipeline.dispose()
    renderer.dispose()
  }
  log(`imagenet-c (224 px, mean over severities 1–5):\n${lines.join('\n')}`)
  const count = lines.length
  return {
    imagenet_c_gpu_vs_reference_speedup: {
      value: referenceTotal / gpuTotal,
      unit: 'ratio',
      note: `The reference (imagecorruptions, Python on the CPU) ÷ our GPU corruptions with the image read back, ${count} corruptions × severities 1–5 on the 224x224 test image of tools/imagenet-c; medians of 3 runs each: ${referenceTotal.toFixed(0)} / ${gpuTotal.toFixed(0)} ms in all, on ${device} (the per-corruption times are in the log; a software rasteriser runs the 429-tap defocus kernel and the integer JPEG pipeline slower than numpy does).`,
    },
  }
}

import { builtinPerturbations, defaultRegistry, type PerturbationState } from '@perturber/perturbations'
import { SceneRenderer } from '@perturber/scene'
import { createDogCat } from '@perturber/scene/objects'
import { loadBuiltinBackground } from '@perturber/scene/core'
import { DataTexture, FloatType, RGBAFormat, WebGLRenderer } from 'three'
import { cpuReferences } from '../tests/reference'
import { interleaved, log, type Metric } from './measure'

/** Every built-in enabled, each moved 35% of its range away from its default (so none is a no-op). */
export function fullChain(): PerturbationState[] {
  return builtinPerturbations.map((d) => {
    const state = defaultRegistry.defaultState(d.id, true)
    for (const p of d.params) {
      const towards = p.default - p.min > p.max - p.default ? -1 : 1
      state.params[p.name] = p.name === 'seed' ? 3 : p.step >= 1 ? Math.max(p.min, Math.min(p.max, Math.round(p.default + towards * 2))) : p.default + towards * (p.max - p.min) * 0.35
    }
    return state
  })
}

export async function benchPerturbations(): Promise<Record<string, Metric>> {
  const canvas = document.createElement('canvas')
  const renderer = new WebGLRenderer({ canvas, antialias: false })
  const scene = new SceneRenderer(renderer, { width: 224, height: 224 })
  scene.setObject(createDogCat())
  scene.setBackground({ kind: 'equirect', image: await loadBuiltinBackground('park') })
  const chain = fullChain()
  const gl = renderer.getContext()
  const pixel = new Float32Array(4)
  // A 1-pixel readback makes the GPU finish, so wall time is the frame's real cost.
  const sync = () => renderer.readRenderTargetPixels(scene.pipeline.output, 0, 0, 1, 1, pixel)
  const frame = () => {
    scene.invalidate()
    scene.render()
    sync()
  }
  const withChain = () => {
    scene.setChain(chain)
    frame()
  }
  // the same chain, disabled: passes stay compiled, so this measures rendering, not shader builds
  const disabled = chain.map((s) => ({ ...s, enabled: false }))
  const without = () => {
    scene.setChain(disabled)
    frame()
  }
  const [full, none] = await interleaved(withChain, without, 15, 3)
  log(`frame with full chain ${full.toFixed(1)} ms, without ${none.toFixed(1)} ms (${chain.length} perturbations)`)

  // GPU chain alone vs the CPU references on the same 224×224 image
  scene.setChain([])
  scene.render(true)
  const image = { width: 224, height: 224, data: scene.readPixels() }
  const sceneTexture = new DataTexture(flipRows(image.data, 224, 224), 224, 224, RGBAFormat, FloatType)
  sceneTexture.needsUpdate = true
  const pipeline = scene.pipeline
  const gpu = () => {
    pipeline.setChain(chain)
    pipeline.render(sceneTexture)
    renderer.readRenderTargetPixels(pipeline.output, 0, 0, 1, 1, pixel)
  }
  const cpu = () => {
    let img = image
    for (const s of chain) img = cpuReferences[s.id](img, s.params)
    return img
  }
  const [gpuMs, cpuMs] = await interleaved(gpu, cpu, 5, 1)
  log(`perturbation chain: GPU ${gpuMs.toFixed(1)} ms, CPU reference ${cpuMs.toFixed(1)} ms`)
  // where each millisecond goes, for whoever optimises next
  for (const s of chain) {
    const single = chain.map((c) => ({ ...c, enabled: c.id === s.id }))
    const ms = await interleaved(() => (pipeline.setChain(single), pipeline.render(sceneTexture), renderer.readRenderTargetPixels(pipeline.output, 0, 0, 1, 1, pixel)), () => undefined, 3, 1)
    log(`  ${s.id.padEnd(26)} ${ms[0].toFixed(1)} ms`)
  }
  const info = gl.getExtension('WEBGL_debug_renderer_info')
  const renderer_ = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
  sceneTexture.dispose()
  scene.dispose()
  renderer.dispose()
  return {
    perturb_chain_frame_ratio: {
      value: full / none,
      unit: 'ratio',
      note: `224x224 frame (scene + perturbations + 1px sync) with all ${chain.length} built-ins enabled ÷ with none; medians of 15 interleaved runs: ${full.toFixed(1)} / ${none.toFixed(1)} ms on ${renderer_}. Target ≤ 1.5.`,
    },
    gpu_vs_cpu_perturb_speedup: {
      value: cpuMs / gpuMs,
      unit: 'ratio',
      note: `CPU reference implementations ÷ GPU pipeline, same chain of ${chain.length} on the same 224x224 image; medians of 5 interleaved runs: ${cpuMs.toFixed(0)} / ${gpuMs.toFixed(1)} ms on ${renderer_}. Expect ≥ 20.`,
    },
  }
}

function flipRows(data: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(data.length)
  const row = width * 4
  for (let y = 0; y < height; y++) out.set(data.subarray(y * row, (y + 1) * row), (height - 1 - y) * row)
  return out
}

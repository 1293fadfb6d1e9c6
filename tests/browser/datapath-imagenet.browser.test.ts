/**
 * AEVis datapaths on the pretrained ImageNet models in ../shared/models (issue 15, extraction):
 * per-frame datapaths of rendered views through the runtime (wasm forward passes, gradients on
 * cpu) at an early, a middle and the last block output, and how often keeping only a layer's
 * critical maps keeps the top-1 class, against keeping as many maps of largest mean activation
 * (printed, not asserted: on these models and frames the critical sets, one or two maps where
 * most contributions cancel, rarely keep it, and neither selection is reliably better). Skipped,
 * saying so, when PERTURBER_MODELS_DIR is unset.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { createModelRuntime, type Datapath, type FramePixels, type ModelRuntime } from '@perturber/model-runtime'
import { keepOnlyMaps, mostActivatedMaps } from '@perturber/model-runtime/datapath'
import { preprocessingPresets } from '@perturber/model-runtime/load'
import { SceneRenderer } from '@perturber/scene'
import { createDogCat, createTruckCar } from '@perturber/scene/objects'
import { loadBuiltinBackground } from '@perturber/scene/core'
import { sharedModelUrl, sharedModelsMissing, type SharedModelName } from '../support/sharedModels'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

if (sharedModelsMissing) console.warn(sharedModelsMissing)

/** Two frames per model keep this file under a minute on two cores (the CI budget); the numbers are printed, not asserted. */
const VIEWS: [() => ReturnType<typeof createDogCat>, number][] = [[createDogCat, -30], [createTruckCar, 0]]
/** An early, a middle and the last block output of each model. */
const LAYERS: Record<Exclude<SharedModelName, 'imagenet_labels'>, string[]> = {
  'mobilenet_v1_0.75_224': ['conv_pw_3_relu', 'conv_pw_7_relu', 'conv_pw_13_relu'],
  'mobilenet_v2_1.0_224_quant': ['expanded_conv_2_add', 'expanded_conv_9_add', 'Conv_1_relu6'],
  darknet_tiny: ['leaky_re_lu_4', 'leaky_re_lu_9', 'leaky_re_lu_14'],
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe.skipIf(!!sharedModelsMissing)('datapaths on the ImageNet models', () => {
  let runtime: ModelRuntime
  const frames: FramePixels[] = []

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths, gradient: 'cpu' })
    const scene = new SceneRenderer(createRenderer(), { width: 224, height: 224 })
    scene.setBackground({ kind: 'equirect', image: await loadBuiltinBackground('park') })
    for (const [object, yaw] of VIEWS) {
      scene.setObject(object())
      scene.setParams({ yaw })
      frames.push({ frameId: frames.length, width: 224, height: 224, data: scene.readPixels().slice() })
    }
    scene.dispose()
  }, 120_000)

  for (const [name, layers] of Object.entries(LAYERS) as [SharedModelName, string[]][]) {
    test(`${name}: each QP at its KKT point; how often keeping only a layer's critical maps, or as many most-activated maps, keeps the top-1 class`, async () => {
      const descriptor =
        name === 'darknet_tiny'
          ? { name, preprocessing: preprocessingPresets.zeroToOne, output: { classOrder: await (await fetch(sharedModelUrl(name, 'to_standard_index.json'))).json() } }
          : { name, preprocessing: preprocessingPresets.minusOneToOne }
      const model = await runtime.load(sharedModelUrl(name), { descriptor })
      try {
        const t0 = performance.now()
        const paths: Datapath[] = []
        for (const frame of frames) paths.push(await runtime.datapath(model, [frame], { layers }))
        const labels = paths.map((p) => model.descriptor.labels.names[p.classIndex].split(',')[0])
        console.log(`[datapath] ${name}: ${frames.length} datapaths of ${layers.join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; top classes ${labels.join(' / ')}`)
        for (const [i, layer] of layers.entries()) {
          for (const path of paths) {
            const l = path.layers[i]
            expect(l.layer).toBe(layer)
            expect(l.z.every((v) => v >= 0 && v <= 1)).toBe(true)
            expect(l.solver.kkt).toBeLessThan(1e-12)
          }
          const critical = paths.map((p) => p.layers[i].critical)
          const support = paths.map((p) => Array.from(p.layers[i].z).flatMap((v, j) => (v > 0 ? [j] : [])))
          const sets = [critical, critical.map((c, k) => mostActivatedMaps(paths[k].layers[i].meanActivation, c.length)), support, support.map((c, k) => mostActivatedMaps(paths[k].layers[i].meanActivation, c.length))]
          const tops = await runtime.forward(async () => Promise.all(sets.map((maps) => keepOnlyMaps(model, frames, layer, maps))))
          const [crit, active, sup, activeSup] = tops.map((top) => paths.filter((p, k) => top[k] === p.classIndex).length)
          const size = (xs: number[][]) => mean(xs.map((x) => x.length)).toFixed(1)
          console.log(
            `[datapath] ${name} ${layer} (${paths[0].layers[i].channels} maps): critical (z ≥ 0.5, ${size(critical)} maps) keep the top-1 on ${crit}/${frames.length} frames, as many most-activated maps on ${active}/${frames.length}; ` +
              `all maps with z > 0 (${size(support)}) on ${sup}/${frames.length}, as many most-activated on ${activeSup}/${frames.length}`,
          )
        }
      } finally {
        await runtime.release(model)
        await runtime.forward(() => model.dispose())
      }
    }, 300_000)
  }
})

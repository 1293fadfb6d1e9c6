import { SceneRenderer, type SceneParams } from '@perturber/scene'
import { createDogCat } from '@perturber/scene/objects'
import { loadBuiltinBackground, type SceneBackground } from '@perturber/scene/core'
import type { ImageF32 } from '../../reference'
import { createRenderer } from './gpu'

/** A 224×224 scene with the dog/cat pair in the park, ready to render. */
export async function createTestScene(): Promise<SceneRenderer> {
  const scene = new SceneRenderer(createRenderer(), { width: 224, height: 224 })
  scene.setObject(createDogCat())
  scene.setBackground({ kind: 'equirect', image: await loadBuiltinBackground('park') })
  return scene
}

export function renderImage(scene: SceneRenderer, params: Partial<SceneParams> = {}): ImageF32 {
  const previous = { ...scene.currentParams }
  scene.setParams(params)
  const data = scene.readPixels()
  scene.setParams(previous)
  return { width: scene.width, height: scene.height, data }
}

/** Which pixels show the object: those that change when the (solid) background does. */
export function objectMask(scene: SceneRenderer, params: Partial<SceneParams>, restore: SceneBackground): Uint8Array {
  scene.setBackground({ kind: 'solid', color: '#000000' })
  const black = renderImage(scene, params)
  scene.setBackground({ kind: 'solid', color: '#ffffff' })
  const white = renderImage(scene, params)
  scene.setBackground(restore)
  const mask = new Uint8Array(black.width * black.height)
  for (let i = 0; i < mask.length; i++) mask[i] = Math.abs(white.data[i * 4] - black.data[i * 4]) < 0.02 ? 1 : 0
  return mask
}

/** Mean and variance of rgb over the pixels where `mask` is `value`. */
export function regionStats(img: ImageF32, mask: Uint8Array, value = 1): { mean: [number, number, number]; variance: number; count: number } {
  const sum = [0, 0, 0]
  let count = 0
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== value) continue
    for (let c = 0; c < 3; c++) sum[c] += img.data[i * 4 + c]
    count++
  }
  const mean = sum.map((s) => s / Math.max(1, count)) as [number, number, number]
  let variance = 0
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== value) continue
    for (let c = 0; c < 3; c++) variance += (img.data[i * 4 + c] - mean[c]) ** 2
  }
  return { mean, variance: variance / Math.max(1, count * 3), count }
}

export function maskDifference(a: Uint8Array, b: Uint8Array): number {
  let n = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++
  return n / a.length
}

/**
 * What one dataset image shows, drawn from its seed alone: object and morph ends, camera,
 * scene parameters, background and a mild post-processing chain. Pure and deterministic (no
 * Math.random), so a sample is reproducible from (spec) on any machine.
 */
import { defaultRegistry, type PerturbationState } from '@perturber/perturbations'
import { mulberry32 } from '@perturber/perturbations/authoring'
import type { BuiltinBackgroundId } from '@perturber/scene/core'
import type { BuiltinObjectId } from '@perturber/scene/objects'
import type { SceneParams } from '@perturber/scene'
import { zooClasses } from './classes'

/** Which sample to render: the generator sends these to the page. */
export interface SampleSpec {
  /** seed of everything random in the sample; distinct per split and index */
  seed: number
  /** class whose shape is shown */
  shape: number
  /** class whose texture is shown (equal to `shape` except in the cue-conflict split) */
  texture: number
  /** replace the object's texture by a random procedural style (the texture-randomised split) */
  stylized?: boolean
}

export type SampleBackground = { kind: 'hdri'; id: BuiltinBackgroundId } | { kind: 'solid'; color: string }

export interface SampleConfig {
  object: BuiltinObjectId
  params: SceneParams
  background: SampleBackground
  chain: PerturbationState[]
  /** seed of the random style painted over the object, when stylized */
  styleSeed: number | null
}

export const HDRIS: readonly BuiltinBackgroundId[] = ['park', 'city', 'forest', 'sunset']

/**
 * Ranges of the random camera. Objects are normalised to a longest side of 2 around the origin
 * and the camera's vertical field of view is 40°, so even at the closest distance the visible
 * half-height (distance · tan 20° ≈ 1.02) about holds the object's half-length of 1: at most a
 * sliver of a side-on object leaves the frame.
 */
export const CAMERA = {
  pitch: [-10, 40],
  distance: [2.8, 4.4],
  roll: [-10, 10],
  /** pan as a fraction of the free margin, distance · tan 20° − 1, in each direction */
  panMargin: 0.8,
} as const

/** The post-processing passes every sample runs, always in this order (so no pass recompiles). */
export const CHAIN_IDS = ['hue', 'saturation', 'brightness', 'contrast', 'gaussian-blur', 'gaussian-noise'] as const

/** Integer hash of (seed, a, b) to a 32-bit seed, for disjoint per-split, per-index sample seeds. */
export function sampleSeed(seed: number, split: number, index: number): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(split + 1, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

/** Draws the sample's configuration from its seed. */
export function sampleConfig(spec: SampleSpec): SampleConfig {
  const shape = zooClasses[spec.shape]
  const texture = zooClasses[spec.texture]
  if (!shape || !texture) throw new Error(`unknown class in sample spec ${JSON.stringify(spec)}`)
  if (shape.object !== texture.object) throw new Error(`shape ${shape.id} and texture ${texture.id} are not one morph pair`)
  const rand = mulberry32(spec.seed)
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand()
  const chance = (p: number) => rand() < p
  /** mostly exactly `usual`, sometimes a little off towards `lo` */
  const mostly = (usual: number, lo: number, p: number) => (chance(p) ? uniform(lo, usual) : usual)

  const distance = uniform(CAMERA.distance[0], CAMERA.distance[1])
  const margin = Math.max(0, distance * Math.tan((20 * Math.PI) / 180) - 1) * CAMERA.panMargin
  const params: SceneParams = {
    overallMorph: 0,
    shapeMorph: shape.end,
    textureMorph: texture.end,
    yaw: uniform(-180, 180),
    pitch: uniform(CAMERA.pitch[0], CAMERA.pitch[1]),
    distance,
    panX: uniform(-margin, margin),
    panY: uniform(-margin, margin),
    roll: uniform(CAMERA.roll[0], CAMERA.roll[1]),
    textureInfluence: mostly(1, 0.75, 0.2),
    textureBlur: mostly(0, 0.2, 0.2),
    lightingInfluence: mostly(1, 0.7, 0.25),
    backgroundBlur: uniform(0, 0.6),
    backgroundSaturation: mostly(1, 0.4, 0.3),
  }
  const background: SampleBackground = chance(0.7)
    ? { kind: 'hdri', id: HDRIS[Math.floor(rand() * HDRIS.length)] }
    : { kind: 'solid', color: randomColor(rand) }
  const values: Record<(typeof CHAIN_IDS)[number], Record<string, number>> = {
    hue: { hue: uniform(-0.04, 0.04) },
    saturation: { saturation: uniform(0.8, 1.2) },
    brightness: { brightness: uniform(-0.06, 0.06) },
    contrast: { contrast: uniform(0.85, 1.15) },
    'gaussian-blur': { sigma: chance(0.3) ? uniform(0.3, 0.9) : 0 },
    'gaussian-noise': { sigma: chance(0.5) ? uniform(0, 0.025) : 0, seed: Math.floor(rand() * 1000) },
  }
  const chain = CHAIN_IDS.map((id) => ({ ...defaultRegistry.defaultState(id, true), params: values[id] }))
  // drawn last, so the natural and the stylized version of a seed share every other choice
  const styleSeed = spec.stylized ? Math.floor(rand() * 2 ** 31) : null
  return { object: shape.object, params, background, chain, styleSeed }
}

/** The clean, canonical view of a class: its own shape and texture, no post-processing. */
export function canonicalConfig(classIndex: number): SampleConfig {
  const c = zooClasses[classIndex]
  return {
    object: c.object,
    params: {
      overallMorph: 0, shapeMorph: c.end, textureMorph: c.end,
      yaw: 40, pitch: 12, distance: 3.2, panX: 0, panY: 0, roll: 0,
      textureInfluence: 1, textureBlur: 0, lightingInfluence: 1, backgroundBlur: 0, backgroundSaturation: 1,
    },
    background: { kind: 'solid', color: '#c9d2dc' },
    chain: CHAIN_IDS.map((id) => defaultRegistry.defaultState(id, true)),
    styleSeed: null,
  }
}

/** A random opaque background colour, not too dark nor too bright. */
function randomColor(rand: () => number): string {
  const h = rand(), s = 0.15 + 0.6 * rand(), l = 0.3 + 0.5 * rand()
  // HSL to RGB
  const k = (n: number) => (n + h * 12) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`
}

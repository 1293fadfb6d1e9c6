import { FloatType } from 'three'
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js'
import type { BuiltinBackgroundId } from '../params'
import type { RgbaImage } from '../objects/types'

/**
 * CC0 HDRIs from @pmndrs/assets (Poly Haven), bundled as data URLs: no network at run time.
 * Loaded lazily so a page that never shows a background never pays for it.
 */
export const builtinBackgrounds: Record<BuiltinBackgroundId, { label: string; url: () => Promise<string> }> = {
  park: { label: 'Park (lawn)', url: () => import('@pmndrs/assets/hdri/park.exr').then((m) => m.default) },
  city: { label: 'City street', url: () => import('@pmndrs/assets/hdri/city.exr').then((m) => m.default) },
  forest: { label: 'Forest', url: () => import('@pmndrs/assets/hdri/forest.exr').then((m) => m.default) },
  sunset: { label: 'Sunset', url: () => import('@pmndrs/assets/hdri/sunset.exr').then((m) => m.default) },
  apartment: { label: 'Apartment (indoors)', url: () => import('@pmndrs/assets/hdri/apartment.exr').then((m) => m.default) },
  lab: { label: 'Reading room', url: () => import('@pmndrs/assets/hdri/lab.exr').then((m) => m.default) },
  venice: { label: 'Waterfront', url: () => import('@pmndrs/assets/hdri/venice.exr').then((m) => m.default) },
  sky: { label: 'Open sky', url: () => import('@pmndrs/assets/hdri/sky.exr').then((m) => m.default) },
}

/** Every built-in background's id, in the order pickers list them. */
export const BUILTIN_BACKGROUND_IDS = Object.keys(builtinBackgrounds) as BuiltinBackgroundId[]

const cache = new Map<BuiltinBackgroundId, Promise<RgbaImage>>()

/** Decodes and tone-maps a built-in HDRI to an 8-bit sRGB equirectangular image (row 0 = top). */
export function loadBuiltinBackground(id: BuiltinBackgroundId): Promise<RgbaImage> {
  let p = cache.get(id)
  if (!p) {
    p = (async () => {
      if (!Object.hasOwn(builtinBackgrounds, id)) throw new Error(`Unknown background "${id}"`)
      const entry = builtinBackgrounds[id]
      const buffer = await (await fetch(await entry.url())).arrayBuffer()
      const exr = new EXRLoader().setDataType(FloatType).parse(buffer) as unknown as { width: number; height: number; data: Float32Array }
      return toneMap(exr)
    })()
    p.catch(() => cache.delete(id))
    cache.set(id, p)
  }
  return p
}

/** Reinhard tone mapping + sRGB encoding. three's EXR data is bottom-up; we return top-down. */
export function toneMap({ width, height, data }: { width: number; height: number; data: Float32Array }, exposure = 1.4): RgbaImage {
  const out = new Uint8ClampedArray(width * height * 4)
  const encode = (v: number) => {
    const x = Math.max(0, v * exposure)
    const t = x / (1 + x)
    return 255 * (t <= 0.0031308 ? 12.92 * t : 1.055 * Math.pow(t, 1 / 2.4) - 0.055)
  }
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width * 4
    const dst = y * width * 4
    for (let x = 0; x < width * 4; x += 4) {
      out[dst + x] = encode(data[src + x])
      out[dst + x + 1] = encode(data[src + x + 1])
      out[dst + x + 2] = encode(data[src + x + 2])
      out[dst + x + 3] = 255
    }
  }
  return { width, height, data: out }
}

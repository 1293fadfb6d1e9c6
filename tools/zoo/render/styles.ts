/**
 * Random procedural "styles" for the texture-randomised training split (our analogue of
 * Stylized-ImageNet): solid 3D patterns (noise blobs, warped stripes, spots, cells, colour
 * gradients, plain grain) in random palettes, painted over the object's own texture. They carry
 * no information about the class, so a model trained on them must rely on shape.
 */
import { createNoise, paintSurface, type SurfaceAtlas } from '@perturber/scene/objects'
import { type RgbaImage } from '@perturber/scene'
import { mulberry32 } from '@perturber/perturbations/authoring'

type Rgb = [number, number, number]
type Paint = (x: number, y: number, z: number, out: Float64Array) => void

export const STYLE_KINDS = ['blobs', 'stripes', 'spots', 'cells', 'gradient', 'grain'] as const
export type StyleKind = (typeof STYLE_KINDS)[number]

const fract = (v: number) => v - Math.floor(v)
const smooth = (e0: number, e1: number, v: number) => {
  const t = Math.min(1, Math.max(0, (v - e0) / (e1 - e0)))
  return t * t * (3 - 2 * t)
}

/** A colour of random hue; saturation and value spread widely so palettes range from pastel to vivid. */
function randomColor(rand: () => number): Rgb {
  const h = rand() * 6, s = 0.2 + 0.8 * rand(), v = 0.25 + 0.75 * rand()
  const i = Math.floor(h), f = h - i
  const p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
  const rgb = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i % 6]
  return rgb.map((c) => c * 255) as Rgb
}

function mix(out: Float64Array, a: Rgb, b: Rgb, t: number): void {
  for (let k = 0; k < 3; k++) out[k] = a[k] + (b[k] - a[k]) * t
}

/** A random unit vector. */
function direction(rand: () => number): Rgb {
  const z = rand() * 2 - 1, phi = rand() * 2 * Math.PI, r = Math.sqrt(1 - z * z)
  return [r * Math.cos(phi), r * Math.sin(phi), z]
}

/** The style of `seed`: its kind and its solid pattern. */
export function randomStyle(seed: number): { kind: StyleKind; paint: Paint } {
  const rand = mulberry32(seed)
  const kind = STYLE_KINDS[Math.floor(rand() * STYLE_KINDS.length)]
  const nz = createNoise(Math.floor(rand() * 2 ** 31))
  const palette: Rgb[] = Array.from({ length: 4 }, () => randomColor(rand))
  const [c0, c1, c2, c3] = palette
  // pattern scale: a feature every ~0.06 to ~0.5 units of an object 2 units long
  const freq = 2 + 14 * rand() ** 1.5
  const sharp = 0.02 + 0.3 * rand()
  const warp = rand() * 1.2
  const grain = rand() * 40
  const offset = [rand() * 100, rand() * 100, rand() * 100]
  const dir = direction(rand)
  const dir2 = direction(rand)
  const texelNoise = (x: number, y: number, z: number) => (grain ? grain * nz.n3(x * 180 + 3, y * 180, z * 180) : 0)
  const warped = (x: number, y: number, z: number) => warp * nz.fbm3(x * 2 + offset[0], y * 2 + offset[1], z * 2 + offset[2], 2)
  let pattern: Paint
  switch (kind) {
    case 'blobs':
      pattern = (x, y, z, out) => {
        const f = nz.fbm3(x * freq * 0.4 + offset[0], y * freq * 0.4 + offset[1], z * freq * 0.4 + offset[2], 3)
        mix(out, c0, c1, smooth(-sharp, sharp, f))
        const g = nz.n3(x * freq + offset[1], y * freq + offset[2], z * freq + offset[0])
        if (g > 0.35) mix(out, [out[0], out[1], out[2]], c2, smooth(0.35, 0.35 + sharp, g))
      }
      break
    case 'stripes':
      pattern = (x, y, z, out) => {
        const phase = (x * dir[0] + y * dir[1] + z * dir[2]) * freq + warped(x, y, z) * 3
        const s = Math.sin(2 * Math.PI * phase)
        mix(out, c0, c1, smooth(-sharp * 3, sharp * 3, s))
        const cross = Math.sin(2 * Math.PI * (x * dir2[0] + y * dir2[1] + z * dir2[2]) * freq * 0.5)
        if (cross > 0.8) mix(out, [out[0], out[1], out[2]], c2, 0.7)
      }
      break
    case 'spots':
      pattern = (x, y, z, out) => {
        const w = warped(x, y, z) * 0.3
        const [d, id] = nearestFeature(x * freq + w, y * freq + w, z * freq + w, seed)
        const radius = 0.25 + 0.2 * fract(id * 7.13)
        mix(out, c0, fract(id * 3.7) < 0.5 ? c1 : c2, 1 - smooth(radius - sharp * 0.5, radius + sharp * 0.5, d))
      }
      break
    case 'cells':
      pattern = (x, y, z, out) => {
        const [, id] = nearestFeature(x * freq * 0.6, y * freq * 0.6, z * freq * 0.6, seed)
        const pick = palette[Math.floor(fract(id * 5.31) * 4)]
        mix(out, pick, c3, 0.15 * fract(id * 11.7))
      }
      break
    case 'gradient':
      pattern = (x, y, z, out) => {
        const t = 0.5 + 0.5 * nz.fbm3(x * freq * 0.15 + offset[0], y * freq * 0.15 + offset[1], z * freq * 0.15 + offset[2], 2)
        const u = 0.5 + 0.5 * nz.n3(x * freq * 0.3 + offset[2], y * freq * 0.3 + offset[0], z * freq * 0.3 + offset[1])
        mix(out, c0, c1, t)
        const r = out[0], g = out[1], b = out[2]
        mix(out, [r, g, b], u > 0.5 ? c2 : c3, Math.abs(u - 0.5))
      }
      break
    case 'grain':
      // fine two-colour noise: a texture with only high frequencies
      pattern = (x, y, z, out) => mix(out, c0, c1, 0.5 + 0.5 * nz.n3(x * freq * 4 + offset[0], y * freq * 4 + offset[1], z * freq * 4 + offset[2]))
  }
  return {
    kind,
    paint: (x, y, z, out) => {
      pattern(x, y, z, out)
      const n = texelNoise(x, y, z)
      out[0] += n
      out[1] += n
      out[2] += n
    },
  }
}

/**
 * Distance to the nearest jittered lattice point (Worley noise) and that point's id in [0, 1).
 * Searches the 2×2×2 cells nearest to (x, y, z) rather than all 27 around it: 3× faster, and
 * the rare miss only bends a cell border, which no random style can tell apart.
 */
function nearestFeature(x: number, y: number, z: number, seed: number): [number, number] {
  const xi = Math.floor(x), yi = Math.floor(y), zi = Math.floor(z)
  const x0 = x - xi < 0.5 ? xi - 1 : xi, y0 = y - yi < 0.5 ? yi - 1 : yi, z0 = z - zi < 0.5 ? zi - 1 : zi
  let best = Infinity, bestId = 0
  for (let i = x0; i <= x0 + 1; i++) {
    for (let j = y0; j <= y0 + 1; j++) {
      for (let k = z0; k <= z0 + 1; k++) {
        const h = cellHash(i, j, k, seed)
        const px = i + fract(h * 13.1), py = j + fract(h * 71.7), pz = k + fract(h * 37.3)
        const d = (px - x) ** 2 + (py - y) ** 2 + (pz - z) ** 2
        if (d < best) {
          best = d
          bestId = h
        }
      }
    }
  }
  return [Math.sqrt(best), bestId]
}

function cellHash(i: number, j: number, k: number, seed: number): number {
  let h = Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1) ^ Math.imul(k, 0x1b873593) ^ Math.imul(seed | 0, 0x9e3779b1)
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}

/** Paints the style of `seed` into an object's surface atlas. */
export function paintStyle(atlas: SurfaceAtlas, seed: number): RgbaImage {
  return paintSurface(atlas, randomStyle(seed).paint)
}

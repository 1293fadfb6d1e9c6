import { DataTexture, FloatType, NearestFilter, RedFormat } from 'three'
import { mulberry32 } from '../../random'
import { cachedBy } from '../../cache'

/** Seeds 7000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const FOG_SEED_OFFSET = 7000

/** The reference's `next_power_of_2`: the plasma map's side for an image's longer side. */
export const mapSizeFor = (side: number) => (side <= 1 ? 1 : 2 ** Math.ceil(Math.log2(side)))

/**
 * imagecorruptions' `plasma_fractal` (diamond-square on a torus), step by step as numpy does it,
 * float32 map included, and its `np.random.uniform` draws taken in numpy's order (per level: the
 * squares, then the two diamond sets, each row-major) from the seeded mulberry32 stream instead.
 * Values in [0, 1], row-major, row 0 at the top.
 */
export function plasmaFractal(mapsize: number, wibbledecay: number, seed: number): Float32Array {
  const map = new Float32Array(mapsize * mapsize)
  const at = (y: number, x: number) => map[(((y % mapsize) + mapsize) % mapsize) * mapsize + (((x % mapsize) + mapsize) % mapsize)]
  let wibble = 100
  const uniform = mulberry32(Math.round(seed) + FOG_SEED_OFFSET)
  // wibble·uniform(−wibble, wibble), as the reference scales its noise (by wibble², in effect)
  const noise = () => wibble * (-wibble + 2 * wibble * uniform())
  for (let step = mapsize; step >= 2; step >>= 1, wibble /= wibbledecay) {
    const half = step >> 1
    const n = mapsize / step
    // squares: centre = mean of the four corners (wrapping) + noise
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const sum = Math.fround(Math.fround(at(i * step, j * step) + at(i * step + step, j * step)) + Math.fround(at(i * step, j * step + step) + at(i * step + step, j * step + step)))
        map[(i * step + half) * mapsize + j * step + half] = Math.fround(sum) / 4 + noise()
      }
    // diamonds: the edge midpoints from the two squares' centres and the edge's two corners (top edges first, as numpy)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const top = Math.fround(Math.fround(at(i * step + half, j * step + half) + at(i * step - half, j * step + half)) + Math.fround(at(i * step, j * step) + at(i * step, j * step + step)))
        map[i * step * mapsize + j * step + half] = top / 4 + noise()
      }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const left = Math.fround(Math.fround(at(i * step + half, j * step + half) + at(i * step + half, j * step - half)) + Math.fround(at(i * step, j * step) + at(i * step + step, j * step)))
        map[(i * step + half) * mapsize + j * step] = left / 4 + noise()
      }
  }
  let min = Infinity
  for (const v of map) min = Math.min(min, v)
  let max = -Infinity
  for (let k = 0; k < map.length; k++) max = Math.max(max, (map[k] = map[k] - min))
  return max > 0 ? map.map((v) => v / max) : map
}

/** The map as a texture (texel (x, y) = row y, column x), cached per (size, decay, seed); the previous one is disposed. */
export function plasmaTexture(mapsize: number, wibbledecay: number, seed: number, cache: Map<string, unknown>): DataTexture {
  return cachedBy(cache, 'plasma', `${mapsize}:${wibbledecay}:${seed}`, () => {
    const tex = new DataTexture(plasmaFractal(mapsize, wibbledecay, seed), mapsize, mapsize, RedFormat, FloatType)
    tex.minFilter = tex.magFilter = NearestFilter
    tex.needsUpdate = true
    return tex
  })
}

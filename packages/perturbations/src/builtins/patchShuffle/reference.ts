import { seededPermutation } from '../../random'
import { createImage, type BuiltinReference, type ImageF32 } from '../../reference'

/** Same integer cell edges as the shader: cell i spans [floor(i·size/k), floor((i+1)·size/k)). */
function patchShuffle(img: ImageF32, p: { grid: number; seed: number }): ImageF32 {
  const k = Math.round(p.grid)
  const perm = seededPermutation(k * k, Math.round(p.seed))
  const out = createImage(img.width, img.height)
  const edge = (i: number, size: number) => Math.floor((i * size) / k)
  const cellOf = (v: number, size: number) => {
    let c = Math.floor((v * k) / size)
    if (v >= edge(c + 1, size)) c++
    return c
  }
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const cx = cellOf(x, img.width)
      const cy = cellOf(y, img.height)
      const t = perm[cy * k + cx]
      const sx = t % k
      const sy = Math.floor(t / k)
      const srcX = Math.min(edge(sx, img.width) + (x - edge(cx, img.width)), edge(sx + 1, img.width) - 1)
      const srcY = Math.min(edge(sy, img.height) + (y - edge(cy, img.height)), edge(sy + 1, img.height) - 1)
      const si = (srcY * img.width + srcX) * 4
      const di = (y * img.width + x) * 4
      out.data[di] = img.data[si]
      out.data[di + 1] = img.data[si + 1]
      out.data[di + 2] = img.data[si + 2]
      out.data[di + 3] = 1
    }
  }
  return out
}

// a pure permutation of pixels: exact
export const reference: BuiltinReference = { id: 'patch-shuffle', tolerance: { mean: 0, max: 0 }, compute: (img, p) => patchShuffle(img, { grid: p.grid, seed: p.seed }) }

import { expect, test } from 'vitest'
import { imagenetCDefocusKernel, imagenetCDisk, kernelTieBias } from '.'

// float64 sums of the reference's float32 `disk(radius, alias_blur)` (cv2 4.6): levels 4 and 5 fold mass back in at the grid's edge
const sums: [number, number, number, number][] = [
  [3, 0.1, 17, 0.9999999962747097],
  [4, 0.5, 17, 0.9999999657738954],
  [6, 0.5, 17, 0.9999999935971573],
  [8, 0.5, 17, 1.0129754540103022],
  [10, 0.5, 21, 1.0107857970378822],
]

test.each(sums)('disk(%s, %s) is %s² and sums to what cv2 gives, bit for bit', (radius, alias, size, sum) => {
  const k = imagenetCDisk(radius, alias)
  expect(k.size).toBe(size)
  expect(k.weights.reduce((a, b) => a + b, 0)).toBe(sum)
})

test('towards severity 0 the kernel becomes the identity', () => {
  const k = imagenetCDefocusKernel(0.001)
  expect(k.weights[(k.weights.length - 1) / 2]).toBe(1)
  expect(kernelTieBias(k.weights)).toBeGreaterThan(0)
})

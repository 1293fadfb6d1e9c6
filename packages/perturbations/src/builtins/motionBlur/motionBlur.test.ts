import { describe, expect, test } from 'vitest'
import { hypot, imagenetCMotionAngle, imagenetCMotionKernel } from '.'

// reads (−dx, −dy) of the reference's `shift(x, dx, dy)` per tap, from imagecorruptions' `_motion_blur` (numpy 1.24, Python 3.10)
const python = {
  30: [[0, 0], [1, 0], [2, 1], [3, 1], [3, 2], [4, 2], [5, 3], [6, 3], [7, 4], [8, 4], [9, 5], [10, 5], [10, 6], [11, 6], [12, 7], [13, 7], [14, 8], [15, 8], [16, 9], [16, 9], [17, 10]],
  [-60]: [[0, 0], [1, -1], [1, -2], [2, -3], [2, -3], [3, -4], [3, -5], [4, -6], [4, -7], [5, -8], [5, -9], [6, -10], [6, -10], [7, -11], [7, -12], [8, -13], [8, -14], [9, -15], [9, -16], [10, -16], [10, -17]],
}

describe('ImageNet-C motion kernel', () => {
  test.each(Object.entries(python))('taps at the reference angle %s° are the Python ones, ties included', (angle, reads) => {
    const k = imagenetCMotionKernel(10, 3, Number(angle), 224, 224)
    expect(k.count).toBe(21)
    expect(Array.from({ length: 21 }, (_, i) => [k.offsets[2 * i], k.offsets[2 * i + 1]])).toEqual(reads)
    expect(k.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
  })

  test('hypot is correctly rounded where Math.hypot is not', () => {
    const a = 21 * Math.sin(-60 * (Math.PI / 180))
    const b = 21 * Math.cos(-60 * (Math.PI / 180))
    expect(hypot(a, b)).toBe(21)
  })

  test('stops at the first tap that leaves the image, as the reference breaks', () => {
    expect(imagenetCMotionKernel(20, 15, 0, 10, 10).count).toBe(10)
  })
})

describe('imagenetCMotionAngle', () => {
  test('seed 0 keeps the slider’s angle; seeds 1–999 draw it uniformly within ±45° of it, as the reference per image', () => {
    expect(imagenetCMotionAngle({ angle: 10, seed: 0 })).toBe(10)
    const drawn = Array.from({ length: 999 }, (_, i) => imagenetCMotionAngle({ angle: 10, seed: i + 1 }) - 10)
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(-45)
    expect(Math.max(...drawn)).toBeLessThan(45)
    // uniform on [−45, 45): mean 0 (± 3 standard errors, 26°/√999) and each quarter about a quarter of the draws
    expect(Math.abs(drawn.reduce((a, b) => a + b, 0) / drawn.length)).toBeLessThan(2.5)
    for (let q = 0; q < 4; q++) expect(drawn.filter((d) => d >= -45 + 22.5 * q && d < -45 + 22.5 * (q + 1)).length).toBeGreaterThan(200)
    expect(imagenetCMotionAngle({ angle: 10, seed: 7 })).toBe(imagenetCMotionAngle({ angle: 10, seed: 7 }))
  })
})

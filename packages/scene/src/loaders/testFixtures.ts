/** OBJ sources and checks shared by the loader tests, unit and browser (not part of the public API). */
import { expect } from 'vitest'
import { SceneInputError } from './errors'

/** Awaits `p`, which must reject with a SceneInputError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<SceneInputError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(SceneInputError)
    return e as SceneInputError
  }
  throw new Error('the promise resolved')
}

/** An axis-aligned box from (x0,y0,z0) to (x0+sx, y0+sy, z0+sz) as 8 `v` lines and 6 outward quads. */
export function boxObj(sx = 4, sy = 2, sz = 1, [x0, y0, z0] = [10, 20, 30], withNormals = false): string {
  const v: string[] = []
  for (const z of [0, sz]) for (const y of [0, sy]) for (const x of [0, sx]) v.push(`v ${x0 + x} ${y0 + y} ${z0 + z}`)
  // corner index = 1 + x + 2y + 4z; each quad counter-clockwise seen from outside
  const quads = [
    [1, 3, 4, 2, 'vn 0 0 -1'], // z = 0
    [5, 6, 8, 7, 'vn 0 0 1'], // z = max
    [1, 2, 6, 5, 'vn 0 -1 0'], // y = 0
    [3, 7, 8, 4, 'vn 0 1 0'], // y = max
    [1, 5, 7, 3, 'vn -1 0 0'], // x = 0
    [2, 4, 8, 6, 'vn 1 0 0'], // x = max
  ] as const
  const lines = ['# a box', 'o box', ...v]
  quads.forEach((q, i) => {
    if (withNormals) lines.push(q[4])
    lines.push('f ' + q.slice(0, 4).map((c) => (withNormals ? `${c}//${i + 1}` : `${c}`)).join(' '))
  })
  return lines.join('\n') + '\n'
}

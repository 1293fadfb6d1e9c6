import { expect, test } from 'vitest'
import { DEFAULT_LIMITS, loadUserObject } from '@perturber/scene/loaders'
import { gridObj } from '../support/meshes'

/**
 * A large valid OBJ near the default limits (a 700 × 700 grid: 490 000 vertices, 977 202
 * triangles, 31 MB) loads without blocking the page: the parser works in slices that yield to
 * the event loop, so a `setTimeout(0)` ticker keeps running while it loads (a parse that holds
 * the main thread throughout lets it run once or twice). How long the longest block is, as a
 * share of the load, is measured by `npm run bench -- loaders` (mesh_load_longest_block_ratio).
 */
test('loading an OBJ near the vertex and triangle limits yields to the page many times while it loads', { timeout: 240_000 }, async () => {
  const side = 700
  expect(side * side).toBeLessThanOrEqual(DEFAULT_LIMITS.maxVertices)
  const file = new File([gridObj(side)], 'grid.obj')
  expect(file.size).toBeLessThanOrEqual(DEFAULT_LIMITS.maxFileBytes)

  let ticks = 0
  let running = true
  const tick = () => {
    ticks++
    if (running) setTimeout(tick, 0)
  }
  setTimeout(tick, 0)
  const object = await loadUserObject({ mesh: file })
  running = false

  expect(object.shapes[0].positions.length / 3).toBe(side * side)
  expect(object.indices.length / 3).toBe(2 * (side - 1) ** 2)
  // the page got many turns while the mesh loaded
  expect(ticks).toBeGreaterThan(20)
  expect(2 * (side - 1) ** 2).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTriangles) // near the triangle limit too
})

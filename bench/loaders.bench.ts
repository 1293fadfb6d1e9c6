import { loadUserObject, parseObj } from '@perturber/scene/loaders'
import { log, type Metric } from './measure'
import { gridObj } from '../tests/support/meshes'

/** The fastest of a few runs, in ms: the least disturbed by the rest of the machine. */
function fastest(run: () => void, times: number): number {
  let best = Infinity
  for (let i = 0; i < times; i++) {
    const start = performance.now()
    run()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

/**
 * The user-file loaders under load: OBJ line continuations must parse in linear time (8 × the
 * lines ≈ 8 × the time; a quadratic parser gives 64), and a mesh near the limits must load in
 * slices that leave the page free (its longest block a small share of the load).
 */
export async function benchLoaders(): Promise<Record<string, Metric>> {
  const obj = (n: number) => 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n# a long comment' + ' x \\\n'.repeat(n) + 'done\n'
  const small = obj(40_000)
  const big = obj(320_000)
  fastest(() => parseObj(small), 2) // warm-up
  const smallMs = fastest(() => parseObj(small), 7)
  const bigMs = fastest(() => parseObj(big), 3)
  log(`OBJ continuations: 40k lines ${smallMs.toFixed(1)} ms, 320k lines ${bigMs.toFixed(1)} ms`)

  const side = 700
  const file = new File([gridObj(side)], 'grid.obj')
  let longest = 0
  let last = performance.now()
  let running = true
  const tick = () => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
    if (running) setTimeout(tick, 0)
  }
  setTimeout(tick, 0)
  const start = performance.now()
  await loadUserObject({ mesh: file })
  const total = performance.now() - start
  running = false
  longest = Math.max(longest, performance.now() - last)
  log(`OBJ near the limits (${side}² vertices): load ${total.toFixed(0)} ms, longest block ${longest.toFixed(0)} ms`)

  return {
    obj_continuation_scaling_ratio: {
      value: bigMs / smallMs,
      unit: 'ratio',
      note: `parseObj of 320,000 continuation lines ${bigMs.toFixed(1)} ms ÷ 40,000 lines ${smallMs.toFixed(1)} ms (fastest of several runs). Linear parsing gives ≈ 8, quadratic 64.`,
    },
    mesh_load_longest_block_ratio: {
      value: longest / total,
      unit: 'ratio',
      note: `loadUserObject of a ${side}×${side}-vertex grid OBJ (${(file.size / 1e6).toFixed(0)} MB, ${2 * (side - 1) ** 2} triangles): longest main-thread block (between setTimeout(0) ticks) ${longest.toFixed(0)} ms ÷ the whole load ${total.toFixed(0)} ms. Target ≤ 0.1 (a load that blocks throughout gives ≈ 1).`,
    },
  }
}

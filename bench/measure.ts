/** Median wall time of `fn` in ms over `runs` runs after `warmup` runs. */
export async function medianTime(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/**
 * Interleaves the two measurements (A B A B …) so that machine noise hits both alike,
 * and returns both medians.
 */
export async function interleaved(a: () => unknown, b: () => unknown, runs = 15, warmup = 3): Promise<[number, number]> {
  for (let i = 0; i < warmup; i++) (await a(), await b())
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now()
    await a()
    ta.push(performance.now() - t0)
    t0 = performance.now()
    await b()
    tb.push(performance.now() - t0)
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]
  return [med(ta), med(tb)]
}

export interface Metric {
  value: number
  unit: 'ratio'
  note: string
}

export function log(line: string): void {
  document.getElementById('log')!.textContent += line + '\n'
  console.log(line)
}

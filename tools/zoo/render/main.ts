/**
 * The dataset renderer page that tools/zoo/generate.mjs drives in headless Chromium. It exposes
 * `window.zoo`: the class list and batch rendering of sample specs to base64 RGB bytes.
 */
import { WebGLRenderer } from 'three'
import { zooClasses, type ZooClass } from './classes'
import { canonicalConfig, sampleConfig, sampleSeed, type SampleSpec } from './sampleConfig'
import { ZooRenderer } from './ZooRenderer'

export interface ZooPageApi {
  classes: readonly ZooClass[]
  /** The seeds of samples 0..count-1 of a split's seed namespace. */
  sampleSeeds(seed: number, namespace: number, count: number): number[]
  /** Renders the samples (in any internal order) and returns their RGB bytes in spec order, base64. */
  renderBatch(specs: SampleSpec[]): string
  /** The canonical example image of a class, RGB bytes, base64. */
  renderExample(classIndex: number): string
}

declare global {
  interface Window {
    zoo?: ZooPageApi
    zooReady?: { size: number } | { error: string }
  }
}

function base64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

async function main() {
  const size = Number(new URLSearchParams(location.search).get('size') ?? 112)
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 8
  const zoo = new ZooRenderer(new WebGLRenderer({ canvas, antialias: false, alpha: false }), size)
  await zoo.load()
  const bytesPer = size * size * 3
  window.zoo = {
    classes: zooClasses,
    sampleSeeds: (seed, namespace, count) => Array.from({ length: count }, (_, i) => sampleSeed(seed, namespace, i)),
    renderBatch(specs) {
      const configs = specs.map(sampleConfig)
      // group by object, then background: switching either uploads textures
      const bgKey = (i: number) => JSON.stringify(configs[i].background)
      const order = specs.map((_, i) => i).sort((a, b) => configs[a].object.localeCompare(configs[b].object) || bgKey(a).localeCompare(bgKey(b)) || a - b)
      const rendered = zoo.renderMany(order.map((i) => configs[i]))
      const out = new Uint8Array(rendered.length)
      order.forEach((i, k) => out.set(rendered.subarray(k * bytesPer, (k + 1) * bytesPer), i * bytesPer))
      return base64(out)
    },
    renderExample(classIndex) {
      return base64(zoo.render(canonicalConfig(classIndex)))
    },
  }
  window.zooReady = { size }
}

main().catch((e) => {
  document.getElementById('log')!.textContent = String(e?.stack ?? e)
  window.zooReady = { error: String(e?.stack ?? e) }
})

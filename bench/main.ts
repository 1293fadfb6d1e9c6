import { benchPerturbations } from './perturbations.bench'
import { benchAttack, benchRuntime } from './runtime.bench'
import { benchApp } from './app.bench'
import { benchAppPgd } from './app-pgd.bench'
import { benchLoaders } from './loaders.bench'
import { benchFeatureVis } from './featurevis.bench'
import { benchSweep } from './sweep.bench'
import { benchDatapath } from './datapath.bench'
import { benchImagenetC } from './imagenet-c.bench'
import { log, type Metric } from './measure'

declare global {
  interface Window {
    __benchDone?: { metrics: Record<string, Metric> } | { error: string }
  }
}

async function main() {
  const metrics: Record<string, Metric> = {}
  // `npm run bench -- runtime` runs a subset (results merge into bench/results.json)
  const only = new URLSearchParams(location.search).get('only')?.split(',')
  // app-pgd first: it times the first PGD step of a freshly opened app, before any other suite warmed TF.js up
  const suites: Record<string, () => Promise<Record<string, Metric>>> = { 'app-pgd': benchAppPgd, perturbations: benchPerturbations, loaders: benchLoaders, runtime: benchRuntime, attack: benchAttack, featurevis: benchFeatureVis, datapath: benchDatapath, 'imagenet-c': benchImagenetC, sweep: benchSweep, app: benchApp }
  for (const [name, run] of Object.entries(suites)) {
    if (only && !only.includes(name)) continue
    log(`${name}…`)
    Object.assign(metrics, await run())
  }
  window.__benchDone = { metrics }
}

main().catch((e) => {
  log(String(e?.stack ?? e))
  window.__benchDone = { error: String(e?.stack ?? e) }
})

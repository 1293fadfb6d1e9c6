import { benchPerturbations } from './perturbations.bench'
import { log, type Metric } from './measure'

declare global {
  interface Window {
    __benchDone?: { metrics: Record<string, Metric> } | { error: string }
  }
}

async function main() {
  const metrics: Record<string, Metric> = {}
  log('perturbations…')
  Object.assign(metrics, await benchPerturbations())
  window.__benchDone = { metrics }
}

main().catch((e) => {
  log(String(e?.stack ?? e))
  window.__benchDone = { error: String(e?.stack ?? e) }
})

import { createReadStream, existsSync, statSync } from 'node:fs'
import { join, normalize, resolve } from 'node:path'

/** The pretrained test models beside the checkout (never copied into it): env var, else ../shared/models. */
export function sharedModelsDir() {
  if (process.env.PERTURBER_MODELS_DIR) return resolve(process.env.PERTURBER_MODELS_DIR)
  const shared = new URL('../../shared/models', import.meta.url).pathname
  return existsSync(shared) ? shared : ''
}

/**
 * What ../shared/models/README.md says of a model whose folder ships no descriptor.json and whose
 * input range the loader cannot tell from its files: served as its descriptor.json, so that a load
 * by URL (an experiment's `--models darknet_tiny`) reads the pixels as the model was trained.
 */
const SHARED_DESCRIPTORS = {
  darknet_tiny: { name: 'Darknet tiny', preprocessing: { kind: 'range', min: 0, max: 1 } },
}

/**
 * A Vite plugin serving that folder read-only under /__shared-models/, as plain bytes: Vite's own
 * /@fs route would try to transform the extensionless weight shards as JavaScript.
 * @param {string} dir
 * @returns {import('vite').Plugin}
 */
export function sharedModelsPlugin(dir) {
  return {
    name: 'perturber-shared-models',
    configureServer(server) {
      if (!dir) return
      server.middlewares.use('/__shared-models', (req, res, next) => {
        const path = normalize(join(dir, decodeURIComponent((req.url ?? '/').split('?')[0])))
        const [folder, file] = path.slice(dir.length + 1).split('/')
        if (file === 'descriptor.json' && !existsSync(path) && SHARED_DESCRIPTORS[folder]) {
          res.setHeader('Content-Type', 'application/json')
          return res.end(JSON.stringify(SHARED_DESCRIPTORS[folder]))
        }
        if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) return next()
        res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream')
        res.setHeader('Content-Length', statSync(path).size)
        createReadStream(path).pipe(res)
      })
    },
  }
}

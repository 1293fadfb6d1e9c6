import { createReadStream, existsSync, statSync } from 'node:fs'
import { join, normalize, resolve } from 'node:path'

/** The pretrained test models beside the checkout (never copied into it): env var, else ../shared/models. */
export function sharedModelsDir() {
  if (process.env.PERTURBER_MODELS_DIR) return resolve(process.env.PERTURBER_MODELS_DIR)
  const shared = new URL('../../shared/models', import.meta.url).pathname
  return existsSync(shared) ? shared : ''
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
        if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) return next()
        res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream')
        res.setHeader('Content-Length', statSync(path).size)
        createReadStream(path).pipe(res)
      })
    },
  }
}

import { createReadStream, statSync } from 'node:fs'
import { join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** URL prefix under which the zoo folder is served to browser pages (tests, tools/zoo/browser-eval). */
export const ZOO_URL_PREFIX = '/__zoo'

/**
 * The model zoo folder: ZOO_DIR when set (`npm run zoo -- --out DIR` checks a zoo written
 * elsewhere; the same variable as tests/unit/zoo-parity.test.ts), else the committed
 * models/perturber-zoo. Returned even when it does not exist, so tests can fail saying so.
 */
export function zooModelsDir() {
  if (process.env.ZOO_DIR) return resolve(process.env.ZOO_DIR)
  return fileURLToPath(new URL('../models/perturber-zoo', import.meta.url))
}

/**
 * A Vite plugin serving `dir` read-only under {@link ZOO_URL_PREFIX}/, as plain bytes: Vite's own
 * routes would transform JSON and could refuse paths outside its root. Paths that leave `dir`
 * fall through to Vite (a 404).
 * @param {string} dir
 * @returns {import('vite').Plugin}
 */
export function zooModelsPlugin(dir) {
  const root = resolve(dir)
  return {
    name: 'perturber-zoo-models',
    configureServer(server) {
      server.middlewares.use(ZOO_URL_PREFIX, (req, res, next) => {
        const path = normalize(join(root, decodeURIComponent((req.url ?? '/').split('?')[0])))
        if (!path.startsWith(root + sep)) return next()
        let stat
        try {
          stat = statSync(path)
        } catch {
          return next()
        }
        if (!stat.isFile()) return next()
        res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : path.endsWith('.jpg') ? 'image/jpeg' : path.endsWith('.png') ? 'image/png' : 'application/octet-stream')
        res.setHeader('Content-Length', stat.size)
        // the zoo is rewritten by `npm run zoo`: never let the browser reuse an old model.json
        res.setHeader('Cache-Control', 'no-store')
        createReadStream(path).pipe(res)
      })
    },
  }
}

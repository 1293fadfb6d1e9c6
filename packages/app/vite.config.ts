import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { sourceAliases } from '../../tools/aliases.mjs'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The embed bundle's file name: pages load it with one `<script type="module" src=".../perturber-embed.js">`. */
const EMBED = 'perturber-embed'

/**
 * The example article (packages/app/article/) is plain HTML using the embed bundle as any page
 * would, without a build step: it is copied into the site verbatim, never transformed. In dev
 * (`npm run app`) `/perturber-embed.js` is served from the bundle's source, so the article works
 * there too at /article/.
 */
function exampleArticle(): Plugin {
  const dir = here('article')
  return {
    name: 'perturber-example-article',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url?.split('?')[0] === `/${EMBED}.js`) req.url = '/src/embed/register.ts'
        next()
      })
    },
    generateBundle() {
      for (const file of readdirSync(dir)) this.emitFile({ type: 'asset', fileName: `article/${file}`, source: readFileSync(`${dir}/${file}`) })
    },
  }
}

/**
 * The static site: `npm run app` serves it, `npm run build` (or `npm run build:app`) writes
 * packages/app/dist-site/, which any static file server can host: the app (index.html), the embed
 * bundle (perturber-embed.js, its chunks and TF.js' .wasm files in assets/), the example article
 * (article/) and the model zoo. The repository's `models/` folder is the public folder, so the
 * zoo (models/perturber-zoo/) ships with the site. All paths are relative.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('../../models'),
  plugins: [react(), exampleArticle()],
  resolve: { alias: sourceAliases },
  build: {
    outDir: here('dist-site'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // one build for both: the app and the embed bundle share their chunks (React, three.js, TF.js)
      input: { index: here('index.html'), [EMBED]: here('src/embed/register.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === EMBED ? `${EMBED}.js` : 'assets/[name]-[hash].js') },
    },
  },
  server: { port: 5180 },
})

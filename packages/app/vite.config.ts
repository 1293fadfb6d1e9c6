import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { sourceAliases } from '../../tools/aliases.mjs'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The app as a static site: `npm run app` serves it, `npm run build:app` writes
 * packages/app/dist-site/, which any static file server can host. The repository's `models/`
 * folder is its public folder, so the model zoo (models/perturber-zoo/) ships with the site.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('../../models'),
  plugins: [react()],
  resolve: { alias: sourceAliases },
  build: { outDir: here('dist-site'), emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  server: { port: 5180 },
})

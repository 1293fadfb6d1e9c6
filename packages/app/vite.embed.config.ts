import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { sourceAliases } from '../../tools/aliases.mjs'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The no-build embed bundle shipped inside `@perturber/app` (`dist/embed/perturber-embed.js`, its
 * chunks and TF.js' .wasm files beside it): a page, or a CDN copy of the package, defines
 * `<perturber-figure>` with one `<script type="module">`. React, three.js and TF.js are bundled;
 * every URL inside is relative to the bundle, so the folder works wherever it is served from.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  plugins: [react()],
  resolve: { alias: sourceAliases },
  build: {
    outDir: here('dist/embed'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { 'perturber-embed': here('src/embed/register.ts') },
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
})

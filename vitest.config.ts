import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { hdriModules, sourceAliases } from './tools/aliases.mjs'
import { chromiumArgs, chromiumPath } from './tools/chromium.mjs'
import { sharedModelsDir, sharedModelsPlugin } from './tools/sharedModels.mjs'
import { zooModelsDir, zooModelsPlugin } from './tools/zooModels.mjs'
import { stallingServerPlugin } from './tools/stallingServer.mjs'

// Pretrained test models (../shared/models): tests read them in place through this variable.
const modelsDir = sharedModelsDir()
// The committed model zoo (or ZOO_DIR), served to browser tests under /__zoo/.
const zooDir = zooModelsDir()

export default defineConfig({
  plugins: [react(), sharedModelsPlugin(modelsDir), zooModelsPlugin(zooDir), stallingServerPlugin()],
  define: { __PERTURBER_MODELS_DIR__: JSON.stringify(modelsDir), __PERTURBER_ZOO_DIR__: JSON.stringify(zooDir) },
  resolve: { alias: sourceAliases },
  // pre-bundle the three.js add-ons up front, or Vite re-optimises mid-run and reloads the page
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow-models/mobilenet/dist/imagenet_classes.js',
      'three',
      'three/examples/jsm/loaders/GLTFLoader.js',
      'three/examples/jsm/exporters/GLTFExporter.js',
      'three/examples/jsm/loaders/EXRLoader.js',
      'three/examples/jsm/postprocessing/EffectComposer.js',
      'three/examples/jsm/postprocessing/Pass.js',
      'three/examples/jsm/utils/BufferGeometryUtils.js',
      // React component tests in the browser: discovered mid-run, these would be bundled twice (two Reacts)
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      '@testing-library/react',
      ...hdriModules,
    ],
  },
  test: {
    // Two cores, and SwiftShader uses them all: parallel browser files only fight each other. (The
    // unit files run two at a time: tools/test.mjs passes --fileParallelism for them.)
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          // jsdom's Blob has no arrayBuffer(); production code calls it directly
          setupFiles: ['tests/support/jsdomBlob.ts'],
          // TF.js on the cpu backend: a loaded 2-core machine can take far longer than vitest's 5 s default
          testTimeout: 60_000,
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser.test.{ts,tsx}'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            provider: 'playwright',
            headless: true,
            screenshotFailures: false,
            instances: [
              { browser: 'chromium', launch: { executablePath: chromiumPath, args: chromiumArgs } },
            ],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})

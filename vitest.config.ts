import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { sourceAliases } from './tools/aliases'
import { chromiumArgs, chromiumPath } from './tools/chromium'

export default defineConfig({
  plugins: [react()],
  resolve: { alias: sourceAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
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
          // SwiftShader shares 2 cores; parallel files only fight over them.
          fileParallelism: false,
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
          fileParallelism: false,
        },
      },
    ],
  },
})

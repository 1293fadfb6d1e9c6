import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'
import react from '@vitejs/plugin-react'
import { sourceAliases } from '../tools/aliases.mjs'

// The repository's models/ folder is served at the root, as the app site does (its public folder):
// stories load the embedded model zoo from ./perturber-zoo/index.json. A checkout without it still
// builds (Storybook refuses a missing static folder); the stories then say the zoo is absent.
const modelsDir = fileURLToPath(new URL('../models', import.meta.url))

const config: StorybookConfig = {
  stories: ['../packages/*/src/**/*.stories.@(ts|tsx)', '../packages/*/src/**/*.mdx'],
  // Docs pages: each component's description (its doc comment), props table and the stories' snippets
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  staticDirs: existsSync(modelsDir) ? ['../models'] : [],
  async viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), react()]
    // Storybook's own aliases (an object or a list) first, then the packages' exact-match source aliases
    const own = config.resolve?.alias ?? []
    const alias = Array.isArray(own) ? own : Object.entries(own).map(([find, replacement]) => ({ find, replacement }))
    config.resolve = { ...config.resolve, alias: [...alias, ...sourceAliases] }
    return config
  },
}
export default config

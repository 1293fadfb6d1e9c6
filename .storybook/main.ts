import type { StorybookConfig } from '@storybook/react-vite'
import react from '@vitejs/plugin-react'
import { sourceAliases } from '../tools/aliases.mjs'

const config: StorybookConfig = {
  stories: ['../packages/*/src/**/*.stories.@(ts|tsx)', '../packages/*/src/**/*.mdx'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), react()]
    config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string>), ...sourceAliases } }
    return config
  },
}
export default config

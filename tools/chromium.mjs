/** How we start Debian's Chromium headless with WebGL on SwiftShader (see shared/docs/environment.md). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Where WebGL runs. PERTURBER_CHROMIUM_GL replaces these (space-separated) to measure on a real
// GPU, e.g. PERTURBER_CHROMIUM_GL="--use-angle=vulkan --enable-features=Vulkan" npm run bench;
// the bench's notes name the renderer each figure ran on.
const gl = process.env.PERTURBER_CHROMIUM_GL?.split(/\s+/).filter(Boolean) ?? ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']

export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...gl, '--ignore-gpu-blocklist']

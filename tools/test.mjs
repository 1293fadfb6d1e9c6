#!/usr/bin/env node
// `npm test`: the unit suite (jsdom) and the real-browser suite (headless Chromium, WebGL on
// SwiftShader). The browser suite is never skipped silently: without a browser this fails and
// says how to get one (and installs it itself on a root Debian machine, as CI is).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status ?? 1

if (!existsSync(chromium)) {
  const isRoot = process.getuid?.() === 0
  const isDebian = existsSync('/etc/debian_version')
  if (isRoot && isDebian) {
    console.log(`[test] ${chromium} not found: installing Debian's chromium (apt-get install chromium fonts-liberation)…`)
    run('apt-get', ['update', '-qq'])
    run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  if (!existsSync(chromium)) {
    console.error(`[test] No Chromium at ${chromium}. The browser suite needs one (WebGL tests cannot be skipped).
  Debian/Ubuntu:  sudo apt-get install chromium fonts-liberation
  elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chrome`)
    process.exit(1)
  }
}

// Pretrained ImageNet models for the real-model tests live beside the checkout, never in it.
if (!process.env.PERTURBER_MODELS_DIR) {
  const shared = new URL('../../shared/models', import.meta.url).pathname
  if (existsSync(shared)) process.env.PERTURBER_MODELS_DIR = shared
  else console.warn(`[test] ${shared} not found and PERTURBER_MODELS_DIR unset: real-model tests will be skipped.`)
}

const args = process.argv.slice(2)
if (args.length) process.exit(run('npx', ['vitest', 'run', ...args]))
// One project at a time: on two cores the Storybook build (e2e) and SwiftShader (browser) starve
// each other when they overlap, and a starved worker misses vitest's RPC deadlines.
// The unit files (jsdom, TF.js' cpu backend) can share the cores: two at a time took the project
// from 240 s to 135 s on two cores. The config's fileParallelism: false, which keeps the other two serial, is
// overridden here because vitest 3 ignores a project-level fileParallelism.
const flags = { unit: ['--fileParallelism', `--maxWorkers=${Math.max(2, availableParallelism())}`] }
let failed = 0
for (const project of ['unit', 'browser', 'e2e']) {
  console.log(`\n[test] ${project}`)
  const status = run('npx', ['vitest', 'run', '--project', project, ...(flags[project] ?? [])])
  if (status) failed = status // keep going: a failure in one project must not hide the others' results
}
process.exit(failed)

import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))))
  })
}

/**
 * What `npm run build` does for the static site (the app and the example article, minus the
 * library packages), into a new temporary folder, whose path it returns. Asynchronous, so the
 * worker keeps answering vitest's RPC during the build.
 */
export async function buildSite(prefix = 'perturber-site-'): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), prefix))
  await run('npx', ['vite', 'build', '--config', 'packages/app/vite.config.ts', '--outDir', out, '--logLevel', 'warn'])
  return out
}

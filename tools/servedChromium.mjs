// What the bench and the zoo's generator and in-browser evaluation share: serve a page with Vite,
// open it in headless Chromium, close both when done.
import { createServer as createNetServer } from 'node:net'
import { createServer } from 'vite'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from './chromium.mjs'

const repo = new URL('..', import.meta.url).pathname

/**
 * Serves `vite` (its own root, plugins, aliases…), launches Chromium with the repository's flags
 * plus `args`, runs `work({ url, newPage })` and closes both; exits the process with 1 when `work`
 * throws. The server never watches or hot-reloads: an edit elsewhere in the checkout must not
 * reload a page halfway through a long run.
 */
export async function runInChromium(vite, work, { args = [] } = {}) {
  const server = await createServer({
    logLevel: 'warn',
    ...vite,
    // a port the system has just handed out (Vite reads port 0 as its default, 5173): several runs
    // at once (a sweep's shards on one machine) must not race for the same one
    server: { port: await freePort(), host: '127.0.0.1', fs: { allow: [repo] }, hmr: false, watch: null, ...vite.server },
  })
  await server.listen()
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...args], headless: true })
  const newPage = async () => {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`))
    return page
  }
  let exitCode = 0
  try {
    await work({ url: server.resolvedUrls.local[0], newPage })
  } catch (e) {
    console.error(e?.userFacing ? e.message : e)
    exitCode = 1
  } finally {
    await browser.close()
    await server.close()
  }
  process.exit(exitCode)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

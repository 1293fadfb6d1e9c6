/** URL prefix of the test route that accepts a request and then never sends its body. */
export const STALL_URL_PREFIX = '/__stall'

/**
 * A Vite plugin for browser tests of slow and hanging downloads: `/__stall/<anything>` answers
 * 200 with a JSON content type and a few bytes, then holds the connection open without sending
 * more until the client gives up (a server that stalls mid-download, as real ones do).
 * @returns {import('vite').Plugin}
 */
export function stallingServerPlugin() {
  return {
    name: 'perturber-stalling-server',
    configureServer(server) {
      server.middlewares.use(STALL_URL_PREFIX, (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        res.write('{"format": "layers-model", ')
        const timer = setTimeout(() => res.end('}'), 10 * 60_000)
        req.on('close', () => clearTimeout(timer))
      })
    },
  }
}

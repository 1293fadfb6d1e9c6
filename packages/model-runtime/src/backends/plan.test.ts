import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { planBackends } from './plan'

/**
 * A wrong `wasmPaths` no longer falls back silently (issue 12, item 6): the plan says that wasm
 * failed and why, in `reason` and as `wasmError`.
 */

afterAll(() => vi.unstubAllGlobals())

describe('planBackends with a wasmPaths that serves no .wasm files', () => {
  it('says that wasm failed, which file it asked for, and what the server answered', async () => {
    const requested: string[] = []
    // a dev server's answer for a missing file: its HTML page (or a 404)
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(String(url))
      return new Response('<!doctype html><title>app</title>', { status: 200, headers: { 'content-type': 'text/html' } })
    })
    const plan = await planBackends({ wasmPaths: 'https://cdn.test/wrong/' })
    expect(plan.forward).not.toBe('wasm')
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
    const file = simd && threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm'
    const why = `${file} at https://cdn.test/wrong/${file} answers with text/html, not a .wasm file (check wasmPaths: the folder must serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist)`
    expect(plan.wasmError).toBe(why)
    expect(plan.reason).toBe(`no WebGL: everything on cpu; wasm failed to start, so it is not used: ${why}`)
    expect(requested).toContain(`https://cdn.test/wrong/${file}`)
  })
})

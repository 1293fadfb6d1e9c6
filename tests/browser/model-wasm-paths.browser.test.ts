import { describe, expect, it } from 'vitest'
import { createModelRuntime } from '@perturber/model-runtime'

/**
 * A wrong `wasmPaths` in a real browser (issue 12, item 6): the runtime still starts, on webgl, and
 * its plan says that wasm failed and why, instead of falling back silently. In a file of its own:
 * TF.js' wasm module cannot be started again in the same page once it failed.
 */
describe('a wasmPaths folder that does not serve the .wasm files', () => {
  it('the plan says wasm failed, which binary it asked for and what the server answered', async () => {
    const runtime = await createModelRuntime({ wasmPaths: '/no-such-folder/' })
    expect(runtime.plan.forward).toBe('webgl')
    const file = 'tfjs-backend-wasm-simd.wasm' // SIMD without cross-origin isolation (threads)
    const why = `${file} at /no-such-folder/${file} answers HTTP 404 Not Found (check wasmPaths: the folder must serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist)`
    expect(runtime.plan.wasmError).toBe(why)
    expect(runtime.plan.reason).toMatch(/^WebGL on .*SwiftShader.*: everything on webgl(; attacks time [a-z]+ and [a-z]+ per model and keep the faster)?; wasm failed to start, so it is not used: /)
    expect(runtime.plan.reason.endsWith(why)).toBe(true)
  })
})

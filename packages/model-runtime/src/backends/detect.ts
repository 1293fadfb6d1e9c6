/**
 * Whether the browser's WebGL runs on a software rasteriser (SwiftShader, llvmpipe). There, TF.js'
 * wasm backend runs CNN forward passes ~10× faster than webgl (see docs), so the plan prefers it.
 */
export function webglRenderer(): string | undefined {
  if (typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') return undefined
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas')
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null
    if (!gl) return undefined
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return renderer
  } catch {
    return undefined
  }
}

export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return !!renderer && /swiftshader|llvmpipe|softpipe|software/i.test(renderer)
}

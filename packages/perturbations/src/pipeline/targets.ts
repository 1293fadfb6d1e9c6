import { FloatType, LinearFilter, RGBAFormat, WebGLRenderTarget } from 'three'

/**
 * Float targets: perturbations are compared against CPU references and fed to the model, so
 * we keep full precision between passes and quantise only where a consumer asks for bytes.
 */
export function createFloatTarget(width: number, height: number, name: string): WebGLRenderTarget {
  const target = new WebGLRenderTarget(width, height, {
    type: FloatType,
    format: RGBAFormat,
    minFilter: LinearFilter,
    magFilter: LinearFilter,
    depthBuffer: false,
    generateMipmaps: false,
  })
  target.texture.name = name
  return target
}

import { DataTexture, LinearFilter, LinearMipmapLinearFilter, RGBAFormat, RepeatWrapping, SRGBColorSpace, UnsignedByteType } from 'three'
import type { RgbaImage } from '../objects/types'

/**
 * An sRGB colour texture with a full mip chain: mip levels are what Texture Blur and
 * Background Blur sample, so they must always exist. Rows are top-down (like ImageData) and
 * uploaded as they are, so v = 0 is the top row: the convention of glTF, of our procedural
 * objects and of the loaders.
 */
export function createColorTexture(image: RgbaImage, options: { repeatX?: boolean } = {}): DataTexture {
  const tex = new DataTexture(image.data, image.width, image.height, RGBAFormat, UnsignedByteType)
  tex.colorSpace = SRGBColorSpace
  tex.flipY = false
  tex.generateMipmaps = true
  tex.minFilter = LinearMipmapLinearFilter
  tex.magFilter = LinearFilter
  if (options.repeatX) tex.wrapS = RepeatWrapping
  tex.needsUpdate = true
  return tex
}

/** Single-channel use of an alpha mask (red channel is read). No mips: cut-outs stay crisp. */
export function createMaskTexture(image: RgbaImage): DataTexture {
  const tex = new DataTexture(image.data, image.width, image.height, RGBAFormat, UnsignedByteType)
  tex.flipY = false
  tex.generateMipmaps = false
  tex.minFilter = LinearFilter
  tex.magFilter = LinearFilter
  tex.needsUpdate = true
  return tex
}

/**
 * Plain-data description of a morphable foreground object: two shapes sharing one
 * topology and one UV layout, plus one RGBA texture per end of the morph.
 *
 * Everything here is typed arrays, so geometry can be generated, validated and
 * unit-tested without WebGL; `toBufferGeometry` turns it into three.js attributes.
 */
export interface MeshData {
  /** xyz per vertex */
  positions: Float32Array
  /** xyz per vertex, unit length */
  normals: Float32Array
}

export interface RgbaImage {
  width: number
  height: number
  /** RGBA, 8 bits per channel, row 0 at the top (like ImageData) */
  data: Uint8ClampedArray
}

export interface MorphableObject {
  /** stable id, e.g. 'dog-cat' */
  id: string
  /** labels of the two ends, e.g. ['dog', 'cat'] */
  labels: [string, string]
  /** shape at morph 0 and at morph 1: equal vertex counts by construction */
  shapes: [MeshData, MeshData]
  /** uv per vertex (shared by both shapes) */
  uvs: Float32Array
  /** triangle indices (shared by both shapes) */
  indices: Uint32Array
  /** texture at morph 0 and at morph 1, sharing the UV layout */
  textures: [RgbaImage, RgbaImage]
  /** optional alpha cut-out (from user uploads); 1 = opaque */
  alphaTextures?: [RgbaImage | null, RgbaImage | null]
}

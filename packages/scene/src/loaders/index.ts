/**
 * User-uploaded foreground objects (OBJ + textures, glTF/GLB) as plain MorphableObject data.
 * UVs are in image space: (0, 0) is the top-left pixel (row 0) of the RgbaImage.
 */
export { isSceneInputError, formatBytes, type SceneInputErrorCode } from './errors'
export { DEFAULT_LIMITS, resolveLimits, type LoadLimits } from './limits'
export { loadUserObject, createMorphPair, type NamedBlob, type UserObjectFiles, type LoadUserObjectOptions } from './loadUserObject'
export type { UserObject } from './morphPair'
export { parseObj, parseObjAsync, type ObjParseOptions } from './loadObj'
export { parseGltf, type GltfParseOptions, type GltfMesh } from './loadGltf'
export { decodeImage, toAlphaMask, type DecodeImageOptions } from './decodeImage'
export { readImageHeader, type ImageHeader } from './imageHeader'
export {
  NORMALIZED_SIZE,
  computeNormalization,
  applyNormalization,
  undoNormalization,
  normalizeJointly,
  type Normalization,
} from './normalize'
export type { IndexedMesh } from './meshUtils'

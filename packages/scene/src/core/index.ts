/**
 * `@perturber/scene/core`: the plain three.js scene's parts beyond the front door (which has
 * `SceneRenderer`, `connectScene` and the store), for custom renderers and tools.
 */
export type { SceneFrameTexture, SceneBackground } from './SceneRenderer'
export { toBufferGeometry } from './objectMesh'
export { applyOrbit } from '../camera/orbitCamera'
export { loadBuiltinBackground, BUILTIN_BACKGROUND_IDS } from '../background/builtinBackgrounds'
export { effectiveMorph, sanitizeSceneParams, defaultSceneParams, type BuiltinBackgroundId } from '../params'
export type { SceneStatus, SceneLoadPart } from '../store/sceneStore'
export { PerturberSceneContext, useSceneFrame } from '../react/context'

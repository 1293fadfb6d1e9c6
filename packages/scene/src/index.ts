/**
 * `@perturber/scene`: the perturbable 3D scene. Subpaths hold the primitives:
 * `@perturber/scene/core` (plain three.js pieces), `@perturber/scene/objects` (the built-in
 * objects and their geometry), `@perturber/scene/loaders` (OBJ/glTF/image parsing and limits).
 */

// React: the scene on its own canvas, or inside your R3F <Canvas>
export { PerturberCanvas, type PerturberCanvasProps } from './react/PerturberCanvas'
export { PerturberScene, type PerturberSceneProps } from './react/PerturberScene'
export { usePerturberScene, useSceneState } from './react/context'
export { useOrbitControls } from './react/useOrbitControls'

// State: what the scene shows, as serialisable data in a store outside React
export { createSceneStore, getSnapshot, defaultSnapshot, type SceneStore, type SceneState, type SceneSnapshot } from './store/sceneStore'
export { sceneParamSpecs, type SceneParamSpec, type SceneParamName, type SceneParams, type ObjectSource, type BackgroundSource } from './params'

// Plain three.js: the scene without React
export { SceneRenderer, type SceneRendererOptions, type SceneFrame, type FramePacer, type SceneSample } from './core/SceneRenderer'
export { SceneContent } from './core/SceneContent'
export { connectScene, whenSceneLoaded } from './core/connectScene'

// Content: built-in objects and backgrounds, the user's uploads
export { BUILTIN_OBJECT_IDS } from './objects/builtins'
export type { MorphableObject, RgbaImage } from './objects/types'
export { builtinBackgrounds } from './background/builtinBackgrounds'
export { uploadObject, uploadImage } from './core/uploads'
export { SceneInputError } from './loaders/errors'

/**
 * The scene's numeric parameters, as a schema (for generated controls, URL state and saved
 * experiments) plus their types. Names and semantics follow the Perturber thesis §5.2.2.
 */
export interface SceneParamSpec<K extends string = string> {
  name: K
  label: string
  group: 'Scene' | 'Morph' | 'Camera'
  min: number
  max: number
  step: number
  default: number
  description: string
}

const spec = <K extends string>(s: SceneParamSpec<K>) => s

export const sceneParamSpecs = [
  spec({ name: 'backgroundBlur', label: 'Background Blur', group: 'Scene', min: 0, max: 1, step: 0.01, default: 0, description: 'Mip-level blur of the background; 1 is its average colour.' }),
  spec({ name: 'backgroundSaturation', label: 'Background Saturation', group: 'Scene', min: 0, max: 1, step: 0.01, default: 1, description: '0 turns the background grayscale.' }),
  spec({ name: 'textureInfluence', label: 'Texture Influence', group: 'Scene', min: 0, max: 1, step: 0.01, default: 1, description: '1 = texture, 0 = plain white object.' }),
  spec({ name: 'textureBlur', label: 'Texture Blur', group: 'Scene', min: 0, max: 1, step: 0.01, default: 0, description: 'Mip-level blur of the object texture; 1 is a solid colour.' }),
  spec({ name: 'lightingInfluence', label: 'Lighting Influence', group: 'Scene', min: 0, max: 1, step: 0.01, default: 1, description: '1 = Blinn-Phong shading by three lights, 0 = uniform (silhouette).' }),
  spec({ name: 'overallMorph', label: 'Overall Morph', group: 'Morph', min: 0, max: 1, step: 0.01, default: 0, description: 'Moves shape and texture together from the first to the second object of the pair.' }),
  spec({ name: 'shapeMorph', label: 'Shape Morph', group: 'Morph', min: 0, max: 1, step: 0.01, default: 0, description: 'Added to Overall Morph for the shape only (clamped to 1).' }),
  spec({ name: 'textureMorph', label: 'Texture Morph', group: 'Morph', min: 0, max: 1, step: 0.01, default: 0, description: 'Added to Overall Morph for the texture only (clamped to 1).' }),
  spec({ name: 'yaw', label: 'Yaw', group: 'Camera', min: -180, max: 180, step: 1, default: 50, description: 'Orbit around the vertical axis, degrees.' }),
  spec({ name: 'pitch', label: 'Pitch', group: 'Camera', min: -85, max: 85, step: 1, default: 12, description: 'Orbit elevation, degrees.' }),
  spec({ name: 'distance', label: 'Dolly', group: 'Camera', min: 1.5, max: 12, step: 0.05, default: 3.4, description: 'Camera distance from the orbit target.' }),
  spec({ name: 'panX', label: 'Pan X', group: 'Camera', min: -2, max: 2, step: 0.01, default: 0, description: 'Shifts the orbit target sideways (camera right).' }),
  spec({ name: 'panY', label: 'Pan Y', group: 'Camera', min: -2, max: 2, step: 0.01, default: 0, description: 'Shifts the orbit target vertically (camera up).' }),
  spec({ name: 'roll', label: 'Roll', group: 'Camera', min: -180, max: 180, step: 1, default: 0, description: 'Rotation about the viewing axis, degrees.' }),
] as const

export type SceneParamName = (typeof sceneParamSpecs)[number]['name']
export type SceneParams = Record<SceneParamName, number>

export const defaultSceneParams: SceneParams = Object.fromEntries(sceneParamSpecs.map((s) => [s.name, s.default])) as SceneParams

/** Which built-in or uploaded object is in front of the camera. */
export type ObjectSource = { kind: 'builtin'; id: string } | { kind: 'user'; name: string } | { kind: 'feature-vis'; label: string }

export type BackgroundSource =
  | { kind: 'hdri'; id: BuiltinBackgroundId }
  | { kind: 'solid'; color: string }
  | { kind: 'image'; name: string }

export type BuiltinBackgroundId = 'park' | 'city' | 'forest' | 'sunset' | 'apartment' | 'lab' | 'venice' | 'sky'

/** Effective morph amounts (shape, texture) from the three morph sliders. */
export function effectiveMorph(p: Pick<SceneParams, 'overallMorph' | 'shapeMorph' | 'textureMorph'>): { shape: number; texture: number } {
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  return { shape: clamp(p.overallMorph + p.shapeMorph), texture: clamp(p.overallMorph + p.textureMorph) }
}

/** Clamps every value into its range and fills missing ones with defaults; non-finite values are rejected. */
export function sanitizeSceneParams(input: Partial<Record<string, unknown>>): SceneParams {
  const out = { ...defaultSceneParams }
  for (const s of sceneParamSpecs) {
    const v = input[s.name]
    if (typeof v === 'number' && Number.isFinite(v)) out[s.name] = Math.min(s.max, Math.max(s.min, v))
  }
  return out
}

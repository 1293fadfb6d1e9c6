import { builtinObjects } from '../objects/builtins'
import type { MorphableObject, RgbaImage } from '../objects/types'
import { loadBuiltinBackground } from '../background/builtinBackgrounds'
import type { BackgroundSource, ObjectSource } from '../params'
import type { SceneBackground } from './SceneRenderer'

/**
 * Resolves the serialisable sources in the store (ids and names) to actual data: built-in
 * objects and backgrounds, and whatever the user uploaded this session, keyed by name.
 */
export class SceneContent {
  readonly userObjects = new Map<string, MorphableObject>()
  readonly images = new Map<string, RgbaImage>()

  async object(source: ObjectSource): Promise<MorphableObject | RgbaImage> {
    switch (source.kind) {
      case 'builtin': {
        const make = builtinObjects[source.id as keyof typeof builtinObjects]
        if (!make) throw new Error(`Unknown built-in object "${source.id}" (have: ${Object.keys(builtinObjects).join(', ')})`)
        return make()
      }
      case 'user': {
        const object = this.userObjects.get(source.name)
        if (!object) throw new Error(`No uploaded object named "${source.name}" in this session; upload it again`)
        return object
      }
      case 'feature-vis': {
        const image = this.images.get(source.label)
        if (!image) throw new Error(`No image "${source.label}" to show on the feature-visualisation plane`)
        return image
      }
    }
  }

  async background(source: BackgroundSource): Promise<SceneBackground> {
    switch (source.kind) {
      case 'solid':
        return { kind: 'solid', color: source.color }
      case 'hdri':
        return { kind: 'equirect', image: await loadBuiltinBackground(source.id) }
      case 'image': {
        const image = this.images.get(source.name)
        if (!image) throw new Error(`No uploaded background image "${source.name}" in this session; upload it again`)
        return { kind: 'image', image }
      }
    }
  }
}

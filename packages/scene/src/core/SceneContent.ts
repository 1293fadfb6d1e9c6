import { builtinObjects } from '../objects/builtins'
import type { MorphableObject, RgbaImage } from '../objects/types'
import { Color } from 'three'
import { builtinBackgrounds, loadBuiltinBackground } from '../background/builtinBackgrounds'
import type { BackgroundSource, ObjectSource } from '../params'
import type { SceneBackground } from './SceneRenderer'

const NOT_OBJECT = 'it is not an object source (a built-in object, an upload or a feature-visualisation image)'
const NOT_BACKGROUND = 'it is not a background source (a built-in one, a colour or an uploaded image)'

/**
 * Resolves the serialisable sources in the store (ids and names) to actual data: built-in
 * objects and backgrounds, and whatever the user uploaded this session, keyed by name.
 */
export class SceneContent {
  readonly userObjects = new Map<string, MorphableObject>()
  readonly images = new Map<string, RgbaImage>()

  /** The data of an object source; throws an Error whose message says why in a clause ("it was not uploaded …"). */
  async object(source: ObjectSource): Promise<MorphableObject | RgbaImage> {
    if (typeof source !== 'object' || source === null) throw new Error(NOT_OBJECT)
    switch (source.kind) {
      case 'builtin': {
        if (!Object.hasOwn(builtinObjects, source.id)) throw new Error(`it is not one of the built-in objects (${Object.keys(builtinObjects).join(', ')})`)
        return builtinObjects[source.id as keyof typeof builtinObjects]()
      }
      case 'user': {
        const object = this.userObjects.get(source.name)
        if (!object) throw new Error('it was not uploaded in this session; upload it again')
        return object
      }
      case 'feature-vis': {
        const image = this.images.get(source.label)
        if (!image) throw new Error('no image of that name was uploaded in this session; upload it again')
        return image
      }
      default:
        throw new Error(NOT_OBJECT)
    }
  }

  /** The data of a background source; failures as for `object`. */
  async background(source: BackgroundSource): Promise<SceneBackground> {
    if (typeof source !== 'object' || source === null) throw new Error(NOT_BACKGROUND)
    switch (source.kind) {
      case 'solid':
        if (!isColor(source.color)) throw new Error('it is not a colour (e.g. #808080 or teal)')
        return { kind: 'solid', color: source.color }
      case 'hdri':
        if (!Object.hasOwn(builtinBackgrounds, source.id)) throw new Error(`it is not one of the built-in backgrounds (${Object.keys(builtinBackgrounds).join(', ')})`)
        return { kind: 'equirect', image: await loadBuiltinBackground(source.id) }
      case 'image': {
        const image = this.images.get(source.name)
        if (!image) throw new Error('it was not uploaded in this session; upload it again')
        return { kind: 'image', image }
      }
      default:
        throw new Error(NOT_BACKGROUND)
    }
  }
}

/** What three.js' Color.setStyle understands (it only warns on anything else). */
function isColor(value: unknown): value is string {
  if (typeof value !== 'string') return false
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) || /^(rgb|hsl)a?\([\d\s.,%+-]*\)$/i.test(value) || Object.hasOwn(Color.NAMES, value.toLowerCase())
}

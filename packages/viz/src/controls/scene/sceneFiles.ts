/**
 * Which files the scene takes, by extension and type: what the upload buttons accept and what a
 * file dropped on the scene becomes (a mesh → the object, an image → the background).
 */

/** Meshes the scene's loaders read: Wavefront OBJ, glTF with embedded data, binary glTF. */
export const OBJECT_FILE_EXTENSIONS = ['.obj', '.gltf', '.glb'] as const
/** Images the scene decodes: PNG, JPEG, WebP. */
export const IMAGE_FILE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const

/** `accept` of an object file input. */
export const OBJECT_FILE_ACCEPT = OBJECT_FILE_EXTENSIONS.join(',')
/** `accept` of an image file input (extensions and MIME types: some pickers filter by one, some by the other). */
export const IMAGE_FILE_ACCEPT = [...IMAGE_FILE_EXTENSIONS, 'image/png', 'image/jpeg', 'image/webp'].join(',')

/** What the scene does with a file: `'object'` (a mesh), `'image'` (a picture), or null when it takes no such file. */
export function sceneFileKind(file: { name: string; type?: string }): 'object' | 'image' | null {
  const name = file.name.toLowerCase()
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')) : ''
  if ((OBJECT_FILE_EXTENSIONS as readonly string[]).includes(extension)) return 'object'
  if ((IMAGE_FILE_EXTENSIONS as readonly string[]).includes(extension)) return 'image'
  if (file.type && /^image\/(png|jpeg|webp)$/.test(file.type)) return 'image'
  return null
}

/** Why a file is not taken, in the user's words. */
export function unsupportedSceneFileMessage(name: string): string {
  return `${name} is not a file the scene takes: drop or upload an object (${OBJECT_FILE_EXTENSIONS.join(', ')}) or an image (${IMAGE_FILE_EXTENSIONS.join(', ')}).`
}

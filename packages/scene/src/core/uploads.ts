import { decodeImage, loadUserObject, type LoadUserObjectOptions, type UserObjectFiles } from '../loaders'
import type { SceneStore } from '../store/sceneStore'
import type { SceneContent } from './SceneContent'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Loads an uploaded mesh (OBJ/glTF/GLB, optional textures and morph target) and shows it.
 * On failure the scene is untouched and the message lands in the store's `loadError`.
 * Resolves to whether it succeeded.
 */
export async function uploadObject(store: SceneStore, content: SceneContent, files: UserObjectFiles, options?: LoadUserObjectOptions): Promise<boolean> {
  store.getState().setStatus({ loading: `upload ${files.mesh.name}` })
  try {
    const object = await loadUserObject(files, options)
    const name = files.mesh.name
    content.userObjects.set(name, object)
    store.getState().setStatus({ loading: null, loadError: null })
    store.getState().setObject({ kind: 'user', name })
    return true
  } catch (e) {
    store.getState().setStatus({ loading: null, loadError: message(e) })
    return false
  }
}

/** Uses an uploaded image as the background (`as: 'background'`) or on the feature-visualisation plane. */
export async function uploadImage(store: SceneStore, content: SceneContent, file: Blob & { name: string }, as: 'background' | 'feature-vis'): Promise<boolean> {
  try {
    const image = await decodeImage(file)
    content.images.set(file.name, image)
    store.getState().setStatus({ loadError: null })
    if (as === 'background') store.getState().setBackground({ kind: 'image', name: file.name })
    else store.getState().setObject({ kind: 'feature-vis', label: file.name })
    return true
  } catch (e) {
    store.getState().setStatus({ loadError: message(e) })
    return false
  }
}

import { decodeImage, loadUserObject, type LoadUserObjectOptions, type UserObjectFiles } from '../loaders'
import type { SceneStore } from '../store/sceneStore'
import type { SceneContent } from './SceneContent'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Loads an uploaded mesh (OBJ/glTF/GLB, optional textures and morph target) and shows it.
 * On failure the scene and the snapshot are untouched and the message is the object's load
 * error (`loadErrors.object`, shown in `loadError`) until an object loads. Resolves to whether
 * it succeeded.
 */
export async function uploadObject(store: SceneStore, content: SceneContent, files: UserObjectFiles, options?: LoadUserObjectOptions): Promise<boolean> {
  const before = store.getState().loading
  const label = `upload ${files.mesh.name}`
  store.getState().setStatus({ loading: label })
  // give `loading` back as it was, unless a scene load has reported since
  const done = () => store.getState().loading === label && store.getState().setStatus({ loading: before })
  try {
    const object = await loadUserObject(files, options)
    const name = files.mesh.name
    content.userObjects.set(name, object)
    done()
    store.getState().setLoadError('object', null)
    store.getState().setObject({ kind: 'user', name })
    return true
  } catch (e) {
    done()
    store.getState().setLoadError('object', message(e))
    return false
  }
}

/** Uses an uploaded image as the background (`as: 'background'`) or on the feature-visualisation plane; failures as for `uploadObject` (that part's load error). */
export async function uploadImage(store: SceneStore, content: SceneContent, file: Blob & { name: string }, as: 'background' | 'feature-vis'): Promise<boolean> {
  try {
    const image = await decodeImage(file)
    content.images.set(file.name, image)
    store.getState().setLoadError(as === 'background' ? 'background' : 'object', null)
    if (as === 'background') store.getState().setBackground({ kind: 'image', name: file.name })
    else store.getState().setObject({ kind: 'feature-vis', label: file.name })
    return true
  } catch (e) {
    store.getState().setLoadError(as === 'background' ? 'background' : 'object', message(e))
    return false
  }
}

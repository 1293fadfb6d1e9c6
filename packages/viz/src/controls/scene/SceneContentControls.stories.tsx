import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { PerturberCanvas, SceneContent, createSceneStore, uploadImage, uploadObject, useSceneState } from '@perturber/scene'
import { SceneContentControls } from './SceneContentControls'

type Args = { missingObject: string }

/** The widget driving a live scene: picks go to the scene store, uploads through the scene's loaders; load errors show under the scene. */
function SceneContentDemo({ missingObject }: Args) {
  const store = useMemo(() => createSceneStore(), [])
  const content = useMemo(() => new SceneContent(), [])
  const object = useSceneState((s) => s.object, store)
  const background = useSceneState((s) => s.background, store)
  const loadError = useSceneState((s) => s.loadError, store)
  const [uploaded, setUploaded] = useState<{ objects: string[]; images: string[] }>({ objects: [], images: [] })
  const remember = () => setUploaded({ objects: [...content.userObjects.keys()], images: [...content.images.keys()] })
  return (
    <div style={{ width: 340, display: 'flex', flexDirection: 'column', gap: 8 }}>
      <PerturberCanvas store={store} content={content} style={{ width: 336 }} />
      {loadError ? <div style={{ color: '#b3261e', whiteSpace: 'pre-wrap', fontSize: 12 }}>{loadError}</div> : null}
      <SceneContentControls
        value={{ object, background }}
        onChange={(next) => {
          if (next.object !== object) store.getState().setObject(next.object)
          if (next.background !== background) store.getState().setBackground(next.background)
        }}
        onUploadObject={(file) => void uploadObject(store, content, { mesh: file }).then(remember)}
        onUploadImage={(target, file) => void uploadImage(store, content, file, target).then(remember)}
        uploaded={uploaded}
        missing={missingObject ? { object: missingObject } : undefined}
        hint="OBJ, glTF (embedded data) or GLB; PNG, JPEG or WebP."
      />
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Controls/Scene content',
  component: SceneContentDemo,
  args: { missingObject: '' },
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'What the scene shows: the built-in object pairs and backgrounds, and the user’s files — an object (OBJ/glTF/GLB), a background image, or an image on the feature-visualization plane. Controlled: the value is the scene store’s object and background; uploads go to the callbacks.',
      },
    },
  },
}
export default meta

export const LiveScene: StoryObj<Args> = {}
/** A link named an uploaded object this session does not have: its upload button is pointed out. */
export const MissingUpload: StoryObj<Args> = { args: { missingObject: 'chair.obj' } }

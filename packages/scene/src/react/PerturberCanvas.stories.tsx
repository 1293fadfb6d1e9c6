import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo } from 'react'
import { PerturberCanvas } from './PerturberCanvas'
import { createSceneStore } from '../store/sceneStore'
import { defaultSceneParams, sceneParamSpecs, type BuiltinBackgroundId, type SceneParams } from '../params'
import { builtinBackgrounds } from '../background/builtinBackgrounds'
import { BUILTIN_OBJECT_IDS, type BuiltinObjectId } from '../objects/builtins'

type Args = SceneParams & { object: BuiltinObjectId; background: BuiltinBackgroundId | 'gray' }

/** The perturbable scene exactly as the model sees it (224×224, scaled up). Drag to orbit, shift-drag to pan, alt-drag to roll, wheel to dolly. */
function SceneStory(args: Args) {
  const store = useMemo(() => createSceneStore(), [])
  const { object, background, ...params } = args
  useEffect(() => store.getState().setParams(params), [store, ...Object.values(params)])
  useEffect(() => store.getState().setObject({ kind: 'builtin', id: object }), [store, object])
  useEffect(
    () => store.getState().setBackground(background === 'gray' ? { kind: 'solid', color: '#808080' } : { kind: 'hdri', id: background }),
    [store, background],
  )
  return <PerturberCanvas store={store} style={{ width: 448 }} />
}

const meta: Meta<Args> = {
  title: 'Scene/PerturberCanvas',
  component: SceneStory,
  args: { ...defaultSceneParams, object: 'dog-cat', background: 'park' },
  argTypes: {
    ...Object.fromEntries(
      sceneParamSpecs.map((s) => [s.name, { control: { type: 'range', min: s.min, max: s.max, step: s.step }, description: s.description, table: { category: s.group } }]),
    ),
    object: { control: 'select', options: BUILTIN_OBJECT_IDS },
    background: { control: 'select', options: [...Object.keys(builtinBackgrounds), 'gray'] },
  },
}
export default meta

export const DogCat: StoryObj<Args> = {}
export const TextureShapeConflict: StoryObj<Args> = { args: { shapeMorph: 1, textureMorph: 0 } }
export const FireTruckRaceCar: StoryObj<Args> = { args: { object: 'firetruck-racecar', yaw: 35 } }
export const Silhouette: StoryObj<Args> = { args: { textureInfluence: 0, lightingInfluence: 0, backgroundBlur: 1 } }

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { Canvas } from '@react-three/fiber'
import { PerturberScene } from './PerturberScene'
import { createSceneStore } from '../store/sceneStore'
import type { SceneFrame } from '../core/SceneRenderer'

/**
 * `<PerturberScene>` inside your own R3F `<Canvas>`: it renders off-screen at the model size on
 * your canvas' WebGL context. Here the canvas is larger than the model input and a frame counter
 * shows that frames are drawn only when the state changes (move the slider).
 */
function InYourCanvas({ hue }: { hue: number }) {
  const store = useMemo(() => createSceneStore(), [])
  const [frame, setFrame] = useState<SceneFrame | null>(null)
  useMemo(() => store.getState().updatePerturbation('hue', { enabled: hue !== 0, params: { hue } }), [store, hue])
  return (
    <div style={{ width: 480 }}>
      <div style={{ width: 480, height: 320 }}>
        <Canvas frameloop="demand" flat linear>
          <PerturberScene store={store} onFrame={(f) => setFrame({ ...f })} />
        </Canvas>
      </div>
      <p style={{ fontFamily: 'sans-serif' }}>frame #{frame?.frameId ?? '…'} at {frame?.width}×{frame?.height}</p>
    </div>
  )
}

const meta: Meta<typeof InYourCanvas> = {
  title: 'Scene/PerturberScene',
  component: InYourCanvas,
  args: { hue: 0 },
  argTypes: { hue: { control: { type: 'range', min: -0.5, max: 0.5, step: 0.01 } } },
}
export default meta

export const InsideYourCanvas: StoryObj<typeof InYourCanvas> = {}

import { useMemo, useRef, type CSSProperties } from 'react'
import { Canvas } from '@react-three/fiber'
import { createSceneStore } from '../store/sceneStore'
import { PerturberScene, type PerturberSceneProps } from './PerturberScene'
import { useOrbitControls } from './useOrbitControls'

export interface PerturberCanvasProps extends PerturberSceneProps {
  /** mouse/touch camera control (default true) */
  controls?: boolean
  className?: string
  style?: CSSProperties
}

/**
 * Stand-alone perturbable scene: its own canvas showing exactly what the model sees, with
 * demand-driven rendering and mouse camera control. For your own R3F scene use `<PerturberScene>`.
 */
export function PerturberCanvas({ controls = true, className, style, store: givenStore, ...sceneProps }: PerturberCanvasProps) {
  const store = useMemo(() => givenStore ?? createSceneStore({}, sceneProps.registry), [givenStore, sceneProps.registry])
  const ref = useRef<HTMLDivElement>(null)
  useOrbitControls(ref, store, controls)
  return (
    <div ref={ref} className={className} style={{ aspectRatio: `${sceneProps.width ?? 224} / ${sceneProps.height ?? 224}`, touchAction: 'none', ...style }}>
      <Canvas frameloop="demand" dpr={1} flat linear gl={{ antialias: false, preserveDrawingBuffer: true }}>
        <PerturberScene store={store} {...sceneProps} />
      </Canvas>
    </div>
  )
}

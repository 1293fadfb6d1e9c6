import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react'
import { Canvas } from '@react-three/fiber'
import { createSceneStore } from '../store/sceneStore'
import { PerturberScene, type PerturberSceneProps } from './PerturberScene'
import { quietClockWarning } from './quietClockWarning'
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
  quietClockWarning()
  const store = useMemo(() => givenStore ?? createSceneStore({}, sceneProps.registry), [givenStore, sceneProps.registry])
  const ref = useRef<HTMLDivElement>(null)
  useOrbitControls(ref, store, controls)
  const dpr = useFrameSizedDpr(ref, sceneProps.width ?? 224)
  return (
    <div ref={ref} className={className} style={{ aspectRatio: `${sceneProps.width ?? 224} / ${sceneProps.height ?? 224}`, touchAction: 'none', ...style }}>
      <Canvas frameloop="demand" dpr={dpr} flat linear gl={{ antialias: false, preserveDrawingBuffer: true }}>
        <PerturberScene store={store} {...sceneProps} />
      </Canvas>
    </div>
  )
}

/**
 * The device-pixel ratio that makes the canvas' drawing buffer exactly the frame's size: the
 * display shows the model's pixels (the browser scales them, as the display pass would), and a
 * large canvas costs no more per frame than a small one (on a software rasteriser, and when the
 * browser composites the canvas in software, every buffer pixel counts).
 */
function useFrameSizedDpr(ref: RefObject<HTMLDivElement | null>, frameWidth: number): number {
  const [cssWidth, setCssWidth] = useState(0)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => setCssWidth(entry.contentRect.width))
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return cssWidth > 0 ? frameWidth / cssWidth : 1
}

import { useEffect, type RefObject } from 'react'
import type { SceneStore } from '../store/sceneStore'

/**
 * Mouse/touch camera control that writes the orbit parameters in the store (not the camera),
 * so the store stays the single source of truth for URLs and saved experiments.
 * Drag: orbit. Shift-drag or right-drag: pan. Alt/Ctrl-drag: roll. Wheel: dolly.
 * (drei's OrbitControls owns the camera's state instead, and has no roll.)
 */
export function useOrbitControls(element: RefObject<HTMLElement | null>, store: SceneStore, enabled = true): void {
  useEffect(() => {
    const el = element.current
    if (!el || !enabled) return
    let last: { x: number; y: number; mode: 'orbit' | 'pan' | 'roll' } | null = null
    const down = (e: PointerEvent) => {
      el.setPointerCapture(e.pointerId)
      const mode = e.button === 2 || e.shiftKey ? 'pan' : e.altKey || e.ctrlKey ? 'roll' : 'orbit'
      last = { x: e.clientX, y: e.clientY, mode }
    }
    const move = (e: PointerEvent) => {
      if (!last) return
      const dx = e.clientX - last.x
      const dy = e.clientY - last.y
      last = { ...last, x: e.clientX, y: e.clientY }
      const { params, setParams } = store.getState()
      const scale = 300 / Math.max(1, el.clientWidth)
      if (last.mode === 'orbit') setParams({ yaw: wrap(params.yaw - dx * 0.5 * scale), pitch: params.pitch + dy * 0.5 * scale })
      else if (last.mode === 'pan') setParams({ panX: params.panX - dx * 0.01 * scale, panY: params.panY + dy * 0.01 * scale })
      else setParams({ roll: wrap(params.roll + dx * 0.5 * scale) })
    }
    const up = () => (last = null)
    const wheel = (e: WheelEvent) => {
      e.preventDefault()
      const { params, setParams } = store.getState()
      setParams({ distance: params.distance * Math.exp(e.deltaY * 0.001) })
    }
    const menu = (e: Event) => e.preventDefault()
    el.addEventListener('pointerdown', down)
    el.addEventListener('pointermove', move)
    el.addEventListener('pointerup', up)
    el.addEventListener('pointercancel', up)
    el.addEventListener('wheel', wheel, { passive: false })
    el.addEventListener('contextmenu', menu)
    return () => {
      el.removeEventListener('pointerdown', down)
      el.removeEventListener('pointermove', move)
      el.removeEventListener('pointerup', up)
      el.removeEventListener('pointercancel', up)
      el.removeEventListener('wheel', wheel)
      el.removeEventListener('contextmenu', menu)
    }
  }, [element, store, enabled])
}

const wrap = (deg: number) => ((((deg + 180) % 360) + 360) % 360) - 180

import { MathUtils, Vector3, type PerspectiveCamera } from 'three'
import type { SceneParams } from '../params'

const up = new Vector3(0, 1, 0)
const target = new Vector3()
const right = new Vector3()
const camUp = new Vector3()

/**
 * Places the camera from the orbit parameters alone (yaw/pitch around the target, dolly, pan
 * in the camera plane, roll about the view axis). The parameters are the single source of
 * truth, so a saved experiment restores the exact view.
 */
export function applyOrbit(camera: PerspectiveCamera, p: Pick<SceneParams, 'yaw' | 'pitch' | 'distance' | 'panX' | 'panY' | 'roll'>): void {
  const yaw = MathUtils.degToRad(p.yaw)
  const pitch = MathUtils.degToRad(p.pitch)
  const offset = new Vector3(Math.cos(pitch) * Math.sin(yaw), Math.sin(pitch), Math.cos(pitch) * Math.cos(yaw)).multiplyScalar(p.distance)
  // pan moves the target within the camera plane
  right.crossVectors(up, offset).normalize()
  camUp.crossVectors(offset, right).normalize()
  target.set(0, 0, 0).addScaledVector(right, p.panX).addScaledVector(camUp, p.panY)
  camera.position.copy(target).add(offset)
  camera.up.copy(up)
  camera.lookAt(target)
  camera.rotateZ(MathUtils.degToRad(p.roll))
  camera.updateMatrixWorld(true)
}

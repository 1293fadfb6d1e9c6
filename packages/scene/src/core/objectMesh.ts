import { BufferAttribute, BufferGeometry, Mesh, PlaneGeometry, type Texture } from 'three'
import type { MorphableObject, RgbaImage } from '../objects/types'
import { MorphMaterial } from '../materials/MorphMaterial'
import { createColorTexture, createMaskTexture } from './textures'

/** three.js geometry with the second shape as `positionB` / `normalB` attributes. */
export function toBufferGeometry(object: MorphableObject): BufferGeometry {
  const [a, b] = object.shapes
  const g = new BufferGeometry()
  g.setAttribute('position', new BufferAttribute(a.positions, 3))
  g.setAttribute('normal', new BufferAttribute(a.normals, 3))
  g.setAttribute('positionB', new BufferAttribute(b.positions, 3))
  g.setAttribute('normalB', new BufferAttribute(b.normals, 3))
  g.setAttribute('uv', new BufferAttribute(object.uvs, 2))
  g.setIndex(new BufferAttribute(object.indices, 1))
  // the bounds must cover both ends of the morph or frustum culling pops the mesh
  const merged = new Float32Array(a.positions.length + b.positions.length)
  merged.set(a.positions)
  merged.set(b.positions, a.positions.length)
  const bounds = new BufferGeometry().setAttribute('position', new BufferAttribute(merged, 3))
  bounds.computeBoundingSphere()
  g.boundingSphere = bounds.boundingSphere
  bounds.dispose()
  return g
}

/** A mesh plus the GPU resources it owns, disposed together. */
export interface ObjectMesh {
  mesh: Mesh<BufferGeometry, MorphMaterial>
  /**
   * Shows `texture` (in the object's UV layout) at both morph ends instead of the object's own
   * textures; null restores them. The caller owns `texture`.
   */
  setTextureOverride(texture: Texture | null): void
  dispose(): void
}

export function createObjectMesh(object: MorphableObject): ObjectMesh {
  const geometry = toBufferGeometry(object)
  const material = new MorphMaterial()
  const textures: Texture[] = object.textures.map((t) => createColorTexture(t))
  const masks = (object.alphaTextures ?? [null, null]).map((t) => (t ? createMaskTexture(t) : null)) as [Texture | null, Texture | null]
  material.setTextures(textures[0], textures[1], masks)
  const mesh = new Mesh(geometry, material)
  mesh.name = object.id
  return {
    mesh,
    setTextureOverride(texture) {
      material.setTextures(texture ?? textures[0], texture ?? textures[1], masks)
    },
    dispose() {
      geometry.dispose()
      material.dispose()
      textures.forEach((t) => t.dispose())
      masks.forEach((t) => t?.dispose())
    },
  }
}

/**
 * The thesis' feature-visualisation plane: any image as a textured quad in 3D, so its units'
 * invariance to viewpoint and post-processing can be probed. Same material as the objects,
 * so texture blur, texture influence and lighting apply to it too.
 */
export function createImagePlane(image: RgbaImage): ObjectMesh {
  const aspect = image.width / image.height
  const plane = new PlaneGeometry(2 * Math.min(1, aspect), 2 * Math.min(1, 1 / aspect))
  // our textures have v = 0 at the top row; PlaneGeometry's v points up
  const uv = plane.getAttribute('uv')
  for (let i = 0; i < uv.count; i++) uv.setY(i, 1 - uv.getY(i))
  plane.setAttribute('positionB', plane.getAttribute('position'))
  plane.setAttribute('normalB', plane.getAttribute('normal'))
  const material = new MorphMaterial()
  const texture = createColorTexture(image)
  material.setTextures(texture, texture)
  material.side = 2 // DoubleSide: the plane stays visible from behind
  const mesh = new Mesh(plane, material)
  mesh.name = 'feature-vis-plane'
  return {
    mesh,
    // the plane shows its image by definition: nothing to override
    setTextureOverride() {},
    dispose() {
      plane.dispose()
      material.dispose()
      texture.dispose()
    },
  }
}

import { describe, expect, test } from 'vitest'
import { BoxGeometry, CanvasTexture, Group, Mesh, MeshStandardMaterial, PlaneGeometry, Scene, SRGBColorSpace } from 'three'
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js'
import type { RgbaImage } from '../../packages/scene/src/objects/types'
import { decodeImage, loadUserObject, undoNormalization } from '../../packages/scene/src/loaders'
import { rejection } from '../../packages/scene/src/loaders/testFixtures'

const QUADRANTS = { topLeft: [255, 0, 0], topRight: [0, 255, 0], bottomLeft: [0, 0, 255], bottomRight: [255, 255, 0] }

/** 64x64 canvas, one solid colour per quadrant, so any flip or mirror shows up. */
function quadrantCanvas(): HTMLCanvasElement {
  const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 64 })
  const ctx = canvas.getContext('2d')!
  const fill = ([r, g, b]: number[], x: number, y: number) => {
    ctx.fillStyle = `rgb(${r},${g},${b})`
    ctx.fillRect(x, y, 32, 32)
  }
  fill(QUADRANTS.topLeft, 0, 0)
  fill(QUADRANTS.topRight, 32, 0)
  fill(QUADRANTS.bottomLeft, 0, 32)
  fill(QUADRANTS.bottomRight, 32, 32)
  return canvas
}

async function exportGlb(scene: Scene): Promise<ArrayBuffer> {
  return (await new GLTFExporter().parseAsync(scene, { binary: true })) as ArrayBuffer
}

/** A textured 2x1-segment plane far off-centre and scaled, plus a red unit box at the origin. */
async function texturedSceneGlb(): Promise<{ glb: ArrayBuffer; planeUvs: Float32Array; canvas: HTMLCanvasElement }> {
  const canvas = quadrantCanvas()
  const texture = new CanvasTexture(canvas)
  texture.colorSpace = SRGBColorSpace
  const plane = new Mesh(new PlaneGeometry(2, 1, 2, 1), new MeshStandardMaterial({ map: texture }))
  const group = new Group()
  group.position.set(10, 0, 0)
  group.scale.set(2, 2, 2)
  group.add(plane)
  const box = new Mesh(new BoxGeometry(1, 1, 1), new MeshStandardMaterial({ color: 0xff0000 }))
  const scene = new Scene()
  scene.add(group, box) // plane first: its material is "the first material"
  return { glb: await exportGlb(scene), planeUvs: plane.geometry.getAttribute('uv').array as Float32Array, canvas }
}

function pixel(image: { width: number; height: number; data: ArrayLike<number> }, x: number, y: number): number[] {
  const i = (Math.floor(y) * image.width + Math.floor(x)) * 4
  return [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]]
}

describe('glTF / GLB uploads', () => {
  test('a GLB round-trips: merged meshes in world space, normalised, texture colours intact', async () => {
    const { glb, planeUvs, canvas } = await texturedSceneGlb()
    const obj = await loadUserObject({ mesh: new File([glb], 'scene.glb') })

    // plane (2x1 segments: 6 vertices) + box (24 vertices), one index buffer
    expect(obj.shapes[0].positions.length / 3).toBe(30)
    expect(obj.indices.length / 3).toBe(4 + 12)
    expect(Math.max(...obj.indices)).toBe(29)

    // joint box spans x -0.5..12 (plane at 10 +- 2), so the longest side 12.5 maps to 2
    const p = obj.shapes[0].positions
    const xs = p.filter((_, i) => i % 3 === 0)
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(2, 5)
    expect(Math.max(...xs) + Math.min(...xs)).toBeCloseTo(0, 5)
    expect(obj.normalization.scale).toBeCloseTo(2 / 12.5, 6)

    // node transforms were applied: in file units the plane spans x 8..12, y -1..1
    const raw = undoNormalization(obj.shapes[0], obj.normalization).positions.slice(0, 18)
    const planeXs = raw.filter((_, i) => i % 3 === 0)
    expect(Math.min(...planeXs)).toBeCloseTo(8, 4)
    expect(Math.max(...planeXs)).toBeCloseTo(12, 4)
    for (let v = 0; v < 6; v++) expect(Math.hypot(...obj.shapes[0].normals.slice(v * 3, v * 3 + 3))).toBeCloseTo(1, 5)

    // texture: same size, only the four colours, and each triangle of the plane samples the
    // same colour through the loaded UVs as the original canvas did through three's UVs
    const tex = obj.textures[0]
    expect([tex.width, tex.height]).toEqual([64, 64])
    const colours = new Set<string>()
    for (let i = 0; i < tex.data.length; i += 4) colours.add(Array.from(tex.data.slice(i, i + 4)).join(','))
    expect([...colours].sort()).toEqual(Object.values(QUADRANTS).map((c) => [...c, 255].join(',')).sort())
    const original = canvas.getContext('2d')!.getImageData(0, 0, 64, 64)
    for (let t = 0; t < 12; t += 3) {
      const corners = [0, 1, 2].map((k) => obj.indices[t + k])
      const u = corners.reduce((s, c) => s + obj.uvs[c * 2], 0) / 3
      const v = corners.reduce((s, c) => s + obj.uvs[c * 2 + 1], 0) / 3
      const u3 = corners.reduce((s, c) => s + planeUvs[c * 2], 0) / 3
      const v3 = corners.reduce((s, c) => s + planeUvs[c * 2 + 1], 0) / 3
      // loaded UVs are image space (row = v * h); three's are flipped (row = (1 - v) * h)
      expect(pixel(tex, u * 64, v * 64)).toEqual(pixel(original, u3 * 64, (1 - v3) * 64))
    }
    expect(obj.textures[1]).toBe(obj.textures[0])
  })

  test('a GLB morph pair: jointly normalised, each end keeps its own base colour', async () => {
    const boxScene = async (size: number, color: number) => {
      const scene = new Scene()
      scene.add(new Mesh(new BoxGeometry(size, size, size), new MeshStandardMaterial({ color })))
      return new File([await exportGlb(scene)], `box${size}.glb`)
    }
    const obj = await loadUserObject({ mesh: await boxScene(1, 0xff0000), morphTarget: await boxScene(4, 0x0000ff) })
    expect(obj.labels).toEqual(['box1', 'box4'])
    const size = (m: Float32Array) => Math.max(...m) - Math.min(...m)
    expect(size(obj.shapes[1].positions)).toBeCloseTo(2, 5)
    expect(size(obj.shapes[0].positions)).toBeCloseTo(0.5, 5)
    expect(pixel(obj.textures[0], 0, 0)).toEqual([255, 0, 0, 255]) // from baseColorFactor
    expect(pixel(obj.textures[1], 0, 0)).toEqual([0, 0, 255, 255])
  })

  test('a truncated GLB is a parse error', async () => {
    const { glb } = await texturedSceneGlb()
    const e = await rejection(loadUserObject({ mesh: new File([glb.slice(0, Math.floor(glb.byteLength * 0.6))], 'cut.glb') }))
    expect(e.code).toBe('parse')
    expect(e.message).toMatch(/^cut\.glb: the file is truncated/)
  })

  test('a GLB whose embedded PNG is corrupt is a texture error, not a silently grey object', async () => {
    const { glb } = await texturedSceneGlb()
    const bytes = new Uint8Array(glb.slice(0))
    const at = bytes.findIndex((b, i) => b === 0x89 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x4e && bytes[i + 3] === 0x47)
    expect(at).toBeGreaterThan(0)
    bytes.fill(0x42, at + 40, at + 200) // keep signature and IHDR, wreck the pixel data
    const e = await rejection(loadUserObject({ mesh: new File([bytes], 'scene.glb') }))
    expect(e.code).toBe('texture')
  })
})

describe('user textures', () => {
  /** 3x2 PNG; row 0: red, green, blue; row 1: white, black, half-transparent grey. */
  async function pngFile(name = 'tex.png'): Promise<File> {
    const canvas = new OffscreenCanvas(3, 2)
    const ctx = canvas.getContext('2d')!
    const img = new ImageData(new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 128]), 3, 2)
    ctx.putImageData(img, 0, 0)
    return new File([await canvas.convertToBlob({ type: 'image/png' })], name)
  }

  test('a real PNG decodes to RGBA with row 0 at the top', async () => {
    const image: RgbaImage = await decodeImage(await pngFile())
    expect([image.width, image.height]).toEqual([3, 2])
    expect(Array.from(image.data.slice(0, 20))).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255])
    const last = Array.from(image.data.slice(20))
    last.forEach((c) => expect(Math.abs(c - 128)).toBeLessThanOrEqual(2))
  })

  test('OBJ + diffuse + alpha: textures are wired to both ends, alpha becomes a mask', async () => {
    const obj = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nf 1/1 2/2 3/3\n'
    const loaded = await loadUserObject({ mesh: new File([obj], 'tri.obj'), diffuse: await pngFile('d.png'), alpha: await pngFile('a.png') })
    expect(pixel(loaded.textures[0], 1, 0)).toEqual([0, 255, 0, 255])
    expect(loaded.textures[1]).toBe(loaded.textures[0])
    const mask = loaded.alphaTextures![0]!
    expect(pixel(mask, 0, 0)).toEqual([255, 255, 255, 255]) // opaque pixel -> fully visible
    expect(Math.abs(pixel(mask, 2, 1)[0] - 128)).toBeLessThanOrEqual(2) // alpha channel used
  })

  test('random bytes named .png are rejected with code texture', async () => {
    const noise = crypto.getRandomValues(new Uint8Array(2048))
    const e = await rejection(decodeImage(new File([noise], 'photo.png')))
    expect(e.code).toBe('texture')
    expect(e.message).toMatch(/^photo\.png: /)
  })

  test('a PNG with a valid header but corrupt data fails in the decoder with code texture', async () => {
    const good = new Uint8Array(await (await pngFile()).arrayBuffer())
    const bad = good.slice(0, 33 + 20) // signature + IHDR, then a truncated stream
    bad.fill(0x13, 33)
    const e = await rejection(loadUserObject({ mesh: new File(['v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'], 't.obj'), diffuse: new File([bad], 'broken.png') }))
    expect(e.code).toBe('texture')
    expect(e.message).toContain('broken.png: the PNG data is corrupt or truncated')
  })
})

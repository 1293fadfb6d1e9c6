import type { RgbaImage } from '../objects/types'
import { decodeImage, toAlphaMask } from './decodeImage'
import { SceneInputError, formatBytes } from './errors'
import { isGlb } from './gltfContainer'
import { parseGltf } from './loadGltf'
import { parseObjAsync } from './loadObj'
import { resolveLimits, type LoadLimits } from './limits'
import { solidImage, type IndexedMesh } from './meshUtils'
import { assertPairable, type UserObject } from './morphPair'
import { normalizeJointly } from './normalize'
import { readHead } from './readHead'
import { runInSlices } from './slices'
import { decodeText } from './text'

export { createMorphPair } from './morphPair'

/** A File, or any Blob given a name (the extension picks the format). */
export type NamedBlob = Blob & { name: string }

export interface UserObjectFiles {
  /** .obj, .gltf (embedded data) or .glb */
  mesh: NamedBlob
  /** PNG/JPEG/WebP; overrides a texture embedded in a glTF */
  diffuse?: NamedBlob
  /** PNG/JPEG/WebP cut-out mask: white (or opaque) = visible */
  alpha?: NamedBlob
  /** the shape at morph 1: same format rules, same vertex count and triangles as `mesh` */
  morphTarget?: NamedBlob
}

export interface LoadUserObjectOptions {
  limits?: Partial<LoadLimits>
  /** defaults to 'user:<mesh name>' or 'user:<mesh name>-<target name>' */
  id?: string
}

interface ParsedMesh {
  mesh: IndexedMesh
  texture: RgbaImage | null
}

/**
 * Loads an uploaded foreground object. Pure: it returns data or throws a SceneInputError
 * naming the file and the problem; nothing outside the returned object is touched.
 */
export async function loadUserObject(files: UserObjectFiles, opts: LoadUserObjectOptions = {}): Promise<UserObject> {
  const limits = resolveLimits(opts.limits)
  const given = [files.mesh, files.morphTarget, files.diffuse, files.alpha].filter((f): f is NamedBlob => f !== undefined)
  // Sizes first, from Blob.size: a 600 MB upload is refused before a byte of it is read.
  for (const file of given) {
    if (file.size > limits.maxFileBytes) {
      throw new SceneInputError('too-large', file.name, `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxFileBytes)}`)
    }
  }

  const first = await parseMeshFile(files.mesh, limits)
  const second = files.morphTarget ? await parseMeshFile(files.morphTarget, limits) : null
  if (second) assertPairable(first.mesh, second.mesh, files.mesh.name, files.morphTarget!.name)

  const names = second ? `${files.mesh.name} / ${files.morphTarget!.name}` : files.mesh.name
  const { meshes, transform } = normalizeJointly(second ? [first.mesh, second.mesh] : [first.mesh], names)
  const diffuse = files.diffuse ? await decodeImage(files.diffuse, { limits }) : null
  const alpha = files.alpha ? toAlphaMask(await decodeImage(files.alpha, { limits })) : null

  const texture0 = diffuse ?? first.texture ?? solidImage()
  const texture1 = diffuse ?? second?.texture ?? texture0
  const labels: [string, string] = [baseName(files.mesh.name), baseName((files.morphTarget ?? files.mesh).name)]
  const { uvs, indices } = first.mesh
  return {
    id: opts.id ?? (second ? `user:${labels[0]}-${labels[1]}` : `user:${labels[0]}`),
    labels,
    // A lone mesh morphs into itself: both ends are the same (read-only) data.
    shapes: [strip(meshes[0]), strip(meshes[1] ?? meshes[0])],
    uvs,
    indices,
    textures: [texture0, texture1],
    ...(alpha ? { alphaTextures: [alpha, alpha] as [RgbaImage, RgbaImage] } : {}),
    normalization: transform,
  }
}

type MeshFormat = 'obj' | 'gltf' | 'glb'

/** Picks the format from magic bytes (GLB starts with 'glTF') and then the extension. */
async function detectFormat(file: NamedBlob): Promise<MeshFormat> {
  const ext = extension(file.name)
  if (file.size === 0) throw new SceneInputError('empty', file.name, 'the file is empty')
  if (isGlb(await readHead(file, 4))) return 'glb'
  if (ext === 'glb') throw new SceneInputError('parse', file.name, "the file does not start with the GLB signature 'glTF'; it is damaged or not a GLB")
  if (ext === 'obj' || ext === 'gltf') return ext
  const shown = ext ? `'.${ext}' files are` : 'files without an extension are'
  throw new SceneInputError('unsupported-format', file.name, `${shown} not supported; upload a .obj, .gltf or .glb`)
}

async function parseMeshFile(file: NamedBlob, limits: LoadLimits): Promise<ParsedMesh> {
  try {
    const format = await detectFormat(file)
    const data = await file.arrayBuffer()
    if (format === 'obj') {
      const text = await runInSlices(decodeText(new Uint8Array(data), file.name))
      return { mesh: await parseObjAsync(text, { name: file.name, limits }), texture: null }
    }
    const { texture, ...mesh } = await parseGltf(data, { name: file.name, limits })
    return { mesh, texture }
  } catch (e) {
    if (e instanceof SceneInputError) throw e
    // Anything else (an unreadable file, a parser crash) still gets a message with the name.
    throw new SceneInputError('parse', file.name, `the file could not be read (${e instanceof Error ? e.message : String(e)})`, { cause: e })
  }
}

/** Only positions and normals belong in a shape; uvs/indices live on the object. */
function strip(mesh: IndexedMesh): { positions: Float32Array; normals: Float32Array } {
  return { positions: mesh.positions, normals: mesh.normals }
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name
  const dot = file.lastIndexOf('.')
  return dot > 0 ? file.slice(0, dot) : file
}

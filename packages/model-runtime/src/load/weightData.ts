import * as tf from '@tensorflow/tfjs'
import { ModelLoadError } from './errors'
import { declaredByteLength, type ManifestGroup, type WeightEntry } from './modelJson'

/** One weight file's bytes, with the manifest path it was listed under. */
export interface Shard {
  path: string
  data: ArrayBuffer
}

export interface CheckedWeights {
  weightSpecs: WeightEntry[]
  /**
   * All groups' bytes in manifest order, as ONE buffer: TF.js 4.22's CompositeArrayBuffer
   * mis-slices a list of buffers whose last one is longer than the first (it assumes uniform
   * shard sizes and returns zeros), so a list of group buffers would load wrong weights silently.
   */
  weightData: ArrayBuffer
}

interface Offender {
  weight: string
  file: string
  nan: number
  inf: number
  size: number
}

/**
 * Checks the bytes against the manifest before TF.js sees them: each group's shards hold exactly
 * the bytes its weights' shapes and dtypes need, and no float weight holds NaN or ±Infinity.
 * Works on raw bytes only, so a rejected model never allocates a tensor.
 */
export function checkWeightData(groups: readonly { group: ManifestGroup; shards: readonly Shard[] }[]): CheckedWeights {
  const weightSpecs: WeightEntry[] = []
  const groupData: ArrayBuffer[] = []
  const offenders: Offender[] = []
  for (const { group, shards } of groups) {
    const buffer = shards.length === 1 ? shards[0].data : tf.io.concatenateArrayBuffers(shards.map((s) => s.data))
    const offsets = weightOffsets(group, buffer, shards)
    group.weights.forEach((weight, i) => {
      const found = countNonFinite(weight, buffer, offsets[i])
      if (found) offenders.push({ ...found, weight: weight.name, file: shardsSpanned(shards, offsets[i], (offsets[i + 1] ?? buffer.byteLength) - offsets[i]) })
    })
    weightSpecs.push(...group.weights)
    groupData.push(buffer)
  }
  if (offenders.length > 0) throw nonFiniteError(offenders)
  const weightData = groupData.length === 1 ? groupData[0] : tf.io.concatenateArrayBuffers(groupData)
  return { weightSpecs, weightData }
}

/** Byte offset of each weight in the group's buffer; throws when the lengths do not add up. */
function weightOffsets(group: ManifestGroup, buffer: ArrayBuffer, shards: readonly Shard[]): number[] {
  const offsets: number[] = []
  let offset = 0
  for (const weight of group.weights) {
    offsets.push(offset)
    offset += declaredByteLength(weight) ?? stringByteLength(weight, buffer, offset)
  }
  if (offset !== buffer.byteLength) throw sizeMismatch(group, shards, offset, buffer.byteLength)
  return offsets
}

/** String tensors are stored as (uint32 length, bytes) per element. */
function stringByteLength(weight: WeightEntry, buffer: ArrayBuffer, start: number): number {
  const view = new DataView(buffer)
  const count = weight.shape.reduce((n, d) => n * d, 1)
  let offset = start
  for (let i = 0; i < count && offset + 4 <= buffer.byteLength; i++) offset += 4 + view.getUint32(offset, true)
  return offset - start
}

function sizeMismatch(group: ManifestGroup, shards: readonly Shard[], expected: number, actual: number): ModelLoadError {
  const names = group.weights.map((w) => w.name)
  const listed = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ')
  const diff = actual - expected
  const how = diff < 0 ? `${-diff} bytes missing, truncated?` : `${diff} bytes too many`
  const files = shards.map((s) => s.path)
  const subject = files.length === 1 ? `${files[0]} has ${actual} bytes` : `${files.join(' + ')} hold ${actual} bytes together`
  return new ModelLoadError(
    'shard-size-mismatch',
    `${subject}, but the ${names.length} weight${names.length === 1 ? '' : 's'} model.json stores there (${listed}) need ${expected} bytes (${how}).`,
    files[0],
  )
}

function countNonFinite(weight: WeightEntry, buffer: ArrayBuffer, offset: number): Omit<Offender, 'weight' | 'file'> | undefined {
  const size = weight.shape.reduce((n, d) => n * d, 1)
  let nan = 0
  let inf = 0
  if (weight.quantization?.dtype === 'float16') {
    // half floats: exponent all ones means Infinity (mantissa 0) or NaN
    const halves = typedView(Uint16Array, buffer, offset, size)
    for (let i = 0; i < halves.length; i++) {
      const h = halves[i]
      if ((h & 0x7c00) === 0x7c00) (h & 0x03ff ? nan++ : inf++)
    }
  } else if (!weight.quantization && (weight.dtype === 'float32' || weight.dtype === 'complex64')) {
    const count = weight.dtype === 'complex64' ? size * 2 : size
    const values = typedView(Float32Array, buffer, offset, count)
    // v − v is 0 for every finite v and NaN for NaN and ±Infinity: one cheap test per value
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v - v !== 0) (v !== v ? nan++ : inf++)
    }
  }
  // uint8/uint16-quantized values are finite whenever scale and min are (checked in the manifest)
  return nan + inf > 0 ? { nan, inf, size } : undefined
}

/** A view when the offset is aligned, else a copy (a uint8-quantized weight before it can misalign it). */
function typedView<T extends Float32Array | Uint16Array>(
  Type: { new (buffer: ArrayBuffer, offset?: number, length?: number): T; BYTES_PER_ELEMENT: number },
  buffer: ArrayBuffer,
  offset: number,
  count: number,
): T {
  if (offset % Type.BYTES_PER_ELEMENT === 0) return new Type(buffer, offset, count)
  return new Type(buffer.slice(offset, offset + count * Type.BYTES_PER_ELEMENT))
}

/** The shard(s) holding bytes [offset, offset + length), joined with " + " when a weight straddles shards. */
function shardsSpanned(shards: readonly Shard[], offset: number, length: number): string {
  const names: string[] = []
  let start = 0
  for (const shard of shards) {
    const end = start + shard.data.byteLength
    if (end > offset && start < offset + Math.max(1, length)) names.push(shard.path)
    start = end
  }
  return names.join(' + ') || 'unknown file'
}

function nonFiniteError(offenders: Offender[]): ModelLoadError {
  const describe = (o: Offender) => {
    const parts = [o.nan ? `${o.nan} NaN` : '', o.inf ? `${o.inf} ±Infinity` : ''].filter(Boolean).join(' and ')
    return `"${o.weight}" (in ${o.file}) holds ${parts} among its ${o.size} values`
  }
  const shown = offenders.slice(0, 3).map(describe).join('; ')
  const more = offenders.length > 3 ? `; and ${offenders.length - 3} more weights` : ''
  return new ModelLoadError('non-finite-weights', `Weight ${shown}${more}.`, offenders[0].file.split(' + ')[0])
}

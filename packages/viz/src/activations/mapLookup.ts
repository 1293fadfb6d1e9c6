import type { ActivationMaps } from '@perturber/model-runtime'

/** A position in an activation map, in map cells (not screen pixels). */
export interface MapCell {
  x: number
  y: number
}

/** The map's height and width. */
export function mapSize(maps: ActivationMaps): { height: number; width: number } {
  return { height: maps.shape[0], width: maps.shape[1] }
}

/** Where `channel`'s map starts in `maps.data` (channel-major), or −1 when it was not computed. */
export function mapOffset(maps: ActivationMaps, channel: number): number {
  const index = maps.channels.indexOf(channel)
  if (index < 0) return -1
  const { height, width } = mapSize(maps)
  return index * height * width
}

/** The activation of `channel` at `cell`, or undefined when that channel or cell is not in the maps. */
export function activationAt(maps: ActivationMaps, channel: number, cell: MapCell): number | undefined {
  const offset = mapOffset(maps, channel)
  const { height, width } = mapSize(maps)
  if (offset < 0 || cell.x < 0 || cell.y < 0 || cell.x >= width || cell.y >= height) return undefined
  return maps.data[offset + cell.y * width + cell.x]
}

/**
 * The map cell under a pointer: the element (a map of `width`×`height` cells stretched over
 * `rect`) is cut into equal cells, so this is exact for any CSS size. Null outside the element.
 */
export function cellAtPointer(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
  width: number,
  height: number,
): MapCell | null {
  if (!(rect.width > 0 && rect.height > 0)) return null
  const u = (clientX - rect.left) / rect.width
  const v = (clientY - rect.top) / rect.height
  if (!(u >= 0 && v >= 0 && u < 1 && v < 1)) return null // also NaN coordinates
  return { x: Math.floor(u * width), y: Math.floor(v * height) }
}

/** An activation for a readout: 3 significant digits, exponent beyond ±10⁴ or below 10⁻³. */
export function formatActivation(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const magnitude = Math.abs(value)
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(3)
}

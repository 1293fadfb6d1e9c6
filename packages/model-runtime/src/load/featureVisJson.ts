import type { FeatureVisParameterization } from '../featurevis/parameterizations'
import type { PrecomputedFeatureVis, PrecomputedFeatureVisImage } from '../types'
import { absoluteBase, imageUrl, isObject, record, type Fail } from './jsonChecks'

/** Largest atlas side a descriptor may declare (browsers refuse larger images; 16384 is common). */
export const MAX_ATLAS_SIDE = 16384

const PARAMETERIZATIONS: readonly FeatureVisParameterization[] = ['pixel', 'fourier', 'laplacian']

/**
 * A descriptor's `featureVisualizations` as JSON: one atlas (sprite sheet) per layer, `channels`
 * square tiles of `size` px in cells of `cell` px, `columns` per row in channel order, as
 * `npm run zoo` writes them (tools/zoo/feature_vis.py):
 *
 * ```json
 * { "parameterization": "fourier", "size": 102, "cell": 112,
 *   "layers": { "mixed4a": { "atlas": "featurevis/mixed4a.jpg", "columns": 16, "channels": 192, "notRaised": [] } } }
 * ```
 *
 * Atlas URLs follow the rules of `examples` (http(s), data:image/… or relative to the descriptor);
 * `notRaised` lists the channels whose image did not raise them above the layer's median. The
 * layers and channel counts are checked against the model when it loads.
 */
export function featureVisFromJson(json: unknown, baseUrl: string | undefined, fail: Fail): PrecomputedFeatureVis {
  const field = 'featureVisualizations'
  if (!isObject(json)) return fail(field, 'must be an object with "size", "cell" and "layers"', json)
  const size = boundedInteger(json.size, `${field}.size`, 1, 1024, fail)
  const cell = json.cell === undefined ? size : boundedInteger(json.cell, `${field}.cell`, size, 4096, fail)
  const parameterization = json.parameterization
  if (parameterization !== undefined && !PARAMETERIZATIONS.includes(parameterization as FeatureVisParameterization)) {
    fail(`${field}.parameterization`, `must be ${PARAMETERIZATIONS.map((p) => `"${p}"`).join(', ')}`, parameterization)
  }
  const base = absoluteBase(baseUrl)
  const atlases = record(json.layers, `${field}.layers`, fail, (entry, where) => {
    if (!isObject(entry)) return fail(where, 'must be an object with "atlas", "columns" and "channels"', entry)
    const channels = boundedInteger(entry.channels, `${where}.channels`, 1, 65536, fail)
    const columns = boundedInteger(entry.columns, `${where}.columns`, 1, 65536, fail)
    const atlasWidth = columns * cell
    const atlasHeight = Math.ceil(channels / columns) * cell
    if (atlasWidth > MAX_ATLAS_SIDE || atlasHeight > MAX_ATLAS_SIDE) {
      fail(where, `makes a ${atlasWidth}×${atlasHeight} px atlas; at most ${MAX_ATLAS_SIDE} px a side are allowed`)
    }
    const notRaised = entry.notRaised ?? []
    if (!Array.isArray(notRaised)) return fail(`${where}.notRaised`, 'must be a list of channel indices', notRaised)
    const bad = notRaised.findIndex((c) => !(Number.isInteger(c) && c >= 0 && c < channels))
    if (bad >= 0) fail(`${where}.notRaised[${bad}]`, `must be a channel index 0…${channels - 1}`, notRaised[bad])
    return { url: imageUrl(entry.atlas, base, `${where}.atlas`, fail), channels, columns, atlasWidth, atlasHeight, notRaised: new Set(notRaised as number[]) }
  })
  const layers = Object.fromEntries(Object.entries(atlases).map(([layer, a]) => [layer, a.channels]))
  return {
    layers,
    image(layer: string, channel: number): PrecomputedFeatureVisImage | undefined {
      const atlas = Object.hasOwn(atlases, layer) ? atlases[layer] : undefined
      if (!atlas?.url || !(Number.isInteger(channel) && channel >= 0 && channel < atlas.channels)) return undefined
      return {
        url: atlas.url,
        tile: { x: (channel % atlas.columns) * cell, y: Math.floor(channel / atlas.columns) * cell, size, atlasWidth: atlas.atlasWidth, atlasHeight: atlas.atlasHeight },
        ...(parameterization === undefined ? {} : { parameterization: parameterization as FeatureVisParameterization }),
        responded: !atlas.notRaised.has(channel),
      }
    },
  }
}

function boundedInteger(value: unknown, field: string, min: number, max: number, fail: Fail): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) return fail(field, `must be an integer ${min}…${max}`, value)
  return value as number
}

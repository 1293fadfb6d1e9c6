import type * as tf from '@tensorflow/tfjs'
import { sameData } from './weightIdentity'

type Layer = tf.layers.Layer
type Symbolic = tf.SymbolicTensor

/** How weights are made and trained: nothing a forward pass depends on. */
const trainingOnly = /initializer|regularizer|constraint|^trainable$/i

/** What of a layer's config a forward pass depends on, as JSON, once per layer (configs do not change after building). */
const configs = new WeakMap<Layer, string>()
const configOf = (layer: Layer) => {
  let json = configs.get(layer)
  if (json === undefined) {
    const config = Object.entries(layer.getConfig()).filter(([key]) => !trainingOnly.test(key))
    configs.set(layer, (json = JSON.stringify(config)))
  }
  return json
}

/** A model's layers by name, once per model (its layers do not change after building). */
const layersByName = new WeakMap<tf.LayersModel, Map<string, Layer>>()
const layerMap = (model: tf.LayersModel) => {
  let map = layersByName.get(model)
  if (!map) layersByName.set(model, (map = new Map(model.layers.map((l) => [l.name, l]))))
  return map
}

const inputNames = (layer: Layer) => layer.inboundNodes[0].inboundLayers.map((l) => l.name)

/**
 * Whether `a` computes what `b` does from the same inputs: same class, config, input layers and
 * the very same weight data. Data identity, not equal values: an edited model's unedited layers
 * hold (copies of) Model 1's or Model 2's weights, while a separately loaded copy of a network holds
 * its own and is never mistaken for it. It is checked on every call, so a layer stops being shared
 * the moment an edit writes its weights.
 */
function sameLayer(a: Layer, b: Layer): boolean {
  if (a === b) return true
  if (a.getClassName() !== b.getClassName() || a.inboundNodes.length !== 1 || b.inboundNodes.length !== 1) return false
  if (Array.isArray(b.output) || a.weights.length !== b.weights.length) return false
  if (!a.weights.every((w, i) => sameData(w.read(), b.weights[i].read()))) return false
  const [inA, inB] = [inputNames(a), inputNames(b)]
  return inA.length === inB.length && inA.every((name, i) => name === inB[i]) && configOf(a) === configOf(b)
}

/**
 * The layers of `model` whose outputs, for the tensors `wanted`, can be taken from `source`'s pass
 * on the same input: the latest layers on each path that compute exactly what `source`'s layers
 * of the same name do, as do all layers before them. Empty when the two share nothing.
 */
export function sharedLayers(model: tf.LayersModel, source: tf.LayersModel, wanted: readonly Symbolic[]): string[] {
  if (model.inputs.length !== 1 || source.inputs.length !== 1) return []
  const theirs = layerMap(source)
  const input = model.inputs[0].id
  const shared = new Map<number, boolean>()
  const isShared = (t: Symbolic): boolean => {
    if (t.id === input) return true
    let result = shared.get(t.id)
    if (result === undefined) {
      const layer = t.sourceLayer as Layer
      const other = theirs.get(layer.name)
      result = !!other && layer.getClassName() !== 'InputLayer' && sameLayer(layer, other) && t.inputs.every(isShared)
      shared.set(t.id, result)
    }
    return result
  }
  const frontier = new Set<string>()
  const seen = new Set<number>()
  const walk = (t: Symbolic) => {
    if (t.id === input || seen.has(t.id)) return
    seen.add(t.id)
    if (isShared(t)) frontier.add(t.sourceLayer.name)
    else t.inputs.forEach(walk)
  }
  wanted.forEach(walk)
  return [...frontier]
}

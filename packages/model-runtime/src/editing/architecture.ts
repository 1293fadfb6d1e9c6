import type * as tf from '@tensorflow/tfjs'
import { weightShape } from './editableLayers'

/** One way in which two models' layers disagree, as far as weight mixing is concerned. */
export type ArchitectureDifference =
  | { kind: 'missing'; layer: string; presentIn: 'a' | 'b' }
  | { kind: 'class'; layer: string; classA: string; classB: string }
  | { kind: 'weights'; layer: string; shapesA: number[][]; shapesB: number[][] }

/** Thrown when two models are mixed whose layers differ; `differences` lists every offending layer. */
export class ArchitectureMismatchError extends Error {
  override readonly name = 'ArchitectureMismatchError'
  /** Names of the layers that differ, in the order found. */
  readonly layers: readonly string[]

  constructor(readonly differences: readonly ArchitectureDifference[]) {
    super(
      `Cannot mix models with different architectures; ${differences.length} layer(s) differ:\n` +
        differences.map((d) => `  - ${describeDifference(d)}`).join('\n'),
    )
    this.layers = [...new Set(differences.map((d) => d.layer))]
  }
}

export function describeDifference(difference: ArchitectureDifference): string {
  switch (difference.kind) {
    case 'missing':
      return `${difference.layer}: only in model ${difference.presentIn === 'a' ? '1' : '2'}`
    case 'class':
      return `${difference.layer}: ${difference.classA} vs ${difference.classB}`
    case 'weights':
      return `${difference.layer}: weight shapes ${formatShapes(difference.shapesA)} vs ${formatShapes(difference.shapesB)}`
  }
}

const formatShapes = (shapes: number[][]) => `[${shapes.map((s) => `[${s.join(',')}]`).join(', ')}]`

/**
 * Compares the layers that hold weights in two layers models, matched by name: layers present in
 * one model only, layers of different classes, and layers whose weights differ in number or shape.
 * Weightless layers (inputs, activations, pooling, concatenations) are left out: mixing takes the
 * topology from model a and only needs a same-shaped counterpart in b for each of its weights, so
 * an auto-named `input_2` versus `input_3` is no obstacle. An empty list means the models can be mixed.
 */
export function compareArchitectures(a: tf.LayersModel, b: tf.LayersModel): ArchitectureDifference[] {
  const differences: ArchitectureDifference[] = []
  const weighted = (model: tf.LayersModel) => model.layers.filter((layer) => layer.weights.length > 0)
  const layersA = new Map(a.layers.map((layer) => [layer.name, layer]))
  const layersB = new Map(b.layers.map((layer) => [layer.name, layer]))
  for (const layerA of weighted(a)) {
    const layerB = layersB.get(layerA.name)
    if (!layerB) {
      differences.push({ kind: 'missing', layer: layerA.name, presentIn: 'a' })
      continue
    }
    const classA = layerA.getClassName()
    const classB = layerB.getClassName()
    if (classA !== classB) {
      differences.push({ kind: 'class', layer: layerA.name, classA, classB })
      continue
    }
    const shapesA = layerA.weights.map(weightShape)
    const shapesB = layerB.weights.map(weightShape)
    const sameShapes = shapesA.length === shapesB.length && shapesA.every((s, i) => sameShape(s, shapesB[i]))
    if (!sameShapes) differences.push({ kind: 'weights', layer: layerA.name, shapesA, shapesB })
  }
  for (const layerB of weighted(b)) {
    const layerA = layersA.get(layerB.name)
    if (!layerA) differences.push({ kind: 'missing', layer: layerB.name, presentIn: 'b' })
    else if (layerA.weights.length === 0) {
      differences.push({ kind: 'class', layer: layerB.name, classA: layerA.getClassName(), classB: layerB.getClassName() })
    }
  }
  return differences
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i])

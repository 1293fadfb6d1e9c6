import * as tf from '@tensorflow/tfjs'
import { beforeAll, expect, it } from 'vitest'
import { createEditedModel } from '../editing/EditedModel'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { batchNormModel, tinyDescriptor } from '../testing/tinyModels'
import type { PrecomputedFeatureVis } from '../types'
import { featureVisualizationsFor } from './precomputed'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const shipped = (name: string): PrecomputedFeatureVis => ({ image: (layer, channel) => `/${name}/${layer}/${channel}.png` })

it("gives an edited model Model 1's or Model 2's images only while it computes what that model does up to the layer", async () => {
  const model1 = new LayersPerturberModel(batchNormModel(1), { ...tinyDescriptor(), featureVisualizations: shipped('one') })
  const model2 = new LayersPerturberModel(batchNormModel(2), { ...tinyDescriptor(), featureVisualizations: shipped('two') })
  const edited = await createEditedModel(model1, model2, { granularity: 'layer' })
  try {
    expect(featureVisualizationsFor(model1, 'conv_pw_1_relu')?.image('conv_pw_1_relu', 3)).toBe('/one/conv_pw_1_relu/3.png')
    // unedited: Model 1's weights everywhere, so Model 1's images (its descriptor is Model 1's too)
    expect(featureVisualizationsFor(edited, 'conv_pw_1_relu')).toBe(model1.descriptor.featureVisualizations)
    // a later layer edited: the earlier ones still show Model 1's features, the edited one none
    edited.setMix('conv_pw_1', 0.5)
    expect(featureVisualizationsFor(edited, 'conv1_relu')).toBe(model1.descriptor.featureVisualizations)
    expect(featureVisualizationsFor(edited, 'conv_pw_1_relu')).toBeUndefined()
    // every layer at α = 1 is Model 2
    edited.setMixAll(1)
    expect(featureVisualizationsFor(edited, 'conv_pw_1_relu')).toBe(model2.descriptor.featureVisualizations)
    edited.reset()
    expect(featureVisualizationsFor(edited, 'conv_pw_1_relu')).toBe(model1.descriptor.featureVisualizations)
  } finally {
    edited.dispose()
    model1.dispose()
    model2.dispose()
  }
})

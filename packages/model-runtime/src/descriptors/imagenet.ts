import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js'
import type { LabelSet, ModelDescriptor, OutputSpec, Preprocessing } from '../types'

/** The 1000 ILSVRC-2012 class names in the standard (sorted WordNet id) order, from tfjs-models. */
export const imagenetLabels: LabelSet = {
  id: 'imagenet-1k',
  names: Array.from({ length: 1000 }, (_, i) => IMAGENET_CLASSES[i]),
}

/** Common preprocessing conventions. */
export const preprocessingPresets = {
  /** Inception / MobileNet (TF-slim, Keras applications): [-1, 1]. */
  minusOneToOne: { kind: 'range', min: -1, max: 1 },
  /** Darknet, many Keras models: [0, 1]. */
  zeroToOne: { kind: 'range', min: 0, max: 1 },
  /** torchvision models: ImageNet mean/std on [0, 1]. */
  torchvision: { kind: 'meanStd', pixelScale: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  /** Caffe-style: BGR, 0..255, mean subtracted (use with channelOrder 'BGR'). */
  caffe: { kind: 'meanStd', pixelScale: 255, mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
} as const satisfies Record<string, Preprocessing>

export interface ImagenetDescriptorOptions {
  name: string
  inputSize?: readonly [number, number]
  preprocessing?: Preprocessing
  channelOrder?: 'RGB' | 'BGR'
  output?: Partial<OutputSpec>
}

/** A descriptor for an ImageNet-1k classifier; defaults match TF.js MobileNets (224 px, [-1, 1], softmax). */
export function imagenetDescriptor(options: ImagenetDescriptorOptions): ModelDescriptor {
  return {
    name: options.name,
    inputSize: options.inputSize ?? [224, 224],
    channelOrder: options.channelOrder ?? 'RGB',
    preprocessing: options.preprocessing ?? preprocessingPresets.minusOneToOne,
    output: { kind: 'probabilities', ...options.output },
    labels: imagenetLabels,
  }
}

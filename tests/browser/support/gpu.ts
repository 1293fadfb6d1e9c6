import { afterAll, beforeAll } from 'vitest'
import { DataTexture, FloatType, LinearFilter, RGBAFormat, WebGLRenderer } from 'three'
import { PerturbationPipeline, type PerturbationState } from '@perturber/perturbations'
import type { ImageF32 } from '../../reference'
import { loadPhoto } from './images'

export function createRenderer(): WebGLRenderer {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 8
  return new WebGLRenderer({ canvas, antialias: false, alpha: false })
}

/** Uploads a top-down float image so that GL's bottom-up rows line up with image rows. */
export function imageToTexture(img: ImageF32): DataTexture {
  const { width, height } = img
  const flipped = new Float32Array(img.data.length)
  const row = width * 4
  for (let y = 0; y < height; y++) flipped.set(img.data.subarray(y * row, (y + 1) * row), (height - 1 - y) * row)
  const tex = new DataTexture(flipped, width, height, RGBAFormat, FloatType)
  tex.minFilter = tex.magFilter = LinearFilter
  tex.needsUpdate = true
  return tex
}

/** Runs one chain on the GPU and reads the result back as an image. */
export function runChain(pipeline: PerturbationPipeline, input: DataTexture, chain: PerturbationState[]): ImageF32 {
  pipeline.setChain(chain)
  pipeline.render(input)
  return { width: pipeline.width, height: pipeline.height, data: pipeline.readPixels() }
}

/** A GPU perturbation pipeline over the park photo, as a test file's fixture. */
export interface PhotoPipeline {
  renderer: WebGLRenderer
  pipeline: PerturbationPipeline
  photo: ImageF32
  input: DataTexture
}

/**
 * Sets up (beforeAll) and disposes (afterAll) a `size`² pipeline with the park photo as its input;
 * the returned object is filled in once beforeAll has run.
 */
export function usePhotoPipeline(size = 224): PhotoPipeline {
  const fixture = {} as PhotoPipeline
  beforeAll(async () => {
    fixture.renderer = createRenderer()
    fixture.pipeline = new PerturbationPipeline(fixture.renderer, { width: size, height: size })
    fixture.photo = await loadPhoto('park')
    fixture.input = imageToTexture(fixture.photo)
  })
  afterAll(() => {
    fixture.pipeline.dispose()
    fixture.input.dispose()
    fixture.renderer.dispose()
  })
  return fixture
}

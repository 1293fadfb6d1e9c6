import type { FramePixels, PerturberModel } from '../types'

/**
 * The `top` most active channels (by mean activation over the layer) of `of`'s layer on the very
 * frame being computed, chosen on the device in the same pass: no round trip, and every model
 * can show Model 1's most active channels of this frame (not of the previous one).
 */
export interface TopChannelsSpec {
  top: number
  /** whose channels: default the request's own model; otherwise one requested in the same call, same layer and channel count */
  of?: PerturberModel
}

/** What to compute for one model on a frame. */
export interface ModelRequest {
  model: PerturberModel
  /** Layer whose channels to return as maps (omit for predictions only). */
  layer?: string
  /**
   * Channels of `layer` to return, in display order (at most a handful: each is downloaded), the
   * most active ones of this frame (`{ top: 4 }`), or `'all'` (every channel, in order); the
   * result's `activations.channels` says which.
   */
  channels?: readonly number[] | TopChannelsSpec | 'all'
  /** Also return the `topChannels` most active channels of `layer` (by mean activation) on this frame. */
  topChannels?: number
  /** Compute top-k predictions; when false the model runs only up to `layer`. */
  predictions?: boolean
  /** k for predictions (default 5). */
  topK?: number
  /**
   * `'all'`: also return every class's probability, in label order, as the result's
   * `probabilities` (the model runs to its head even when `predictions` is false).
   */
  probabilities?: 'all'
  /** `'all'`: also return every class's logit, in label order, as the result's `logits` (as `probabilities: 'all'` does). */
  logits?: 'all'
  /**
   * Also return every channel's mean activation of `layer` over all positions, as the result's
   * `activations.channelMeans` (a few bytes per channel, whatever `channels` downloads), e.g. to
   * record a layer's response over many frames.
   */
  channelMeans?: boolean
}

export interface ActivationMaps {
  layer: string
  /** [height, width, channels of the whole layer]. */
  shape: readonly [number, number, number]
  channels: readonly number[]
  /** Maps of `channels`, channel-major: data[c·h·w + y·w + x], row 0 at the top. */
  data: Float32Array
  /** Mean and standard deviation over the whole layer (all positions and channels), for normalisation. */
  layerMean: number
  layerStd: number
  /** The most active channels on this frame, most active first (when requested). */
  topChannels?: number[]
  /** Every channel's mean over all positions, in channel order (with `channelMeans`). */
  channelMeans?: Float32Array
}

export interface Prediction {
  labelIndex: number
  label: string
  logit: number
  probability: number
}

/**
 * Why some of what a request asked for is missing from its result on this frame. `message` is
 * written for the user, to show in that model's place; the other models' results are unaffected.
 */
export type ModelFrameProblem =
  | {
      /**
       * The model's output or the requested layer held NaN or ±∞ on this frame (e.g. weights
       * that overflow float32): those parts (`activations`, `predictions`, which includes
       * `probabilities`) are left out, never returned as NaN.
       */
      kind: 'non-finite'
      parts: readonly ('activations' | 'predictions')[]
      message: string
    }
  | {
      /** The model threw on this frame (out of memory, a disposed model, a layer it lacks): nothing is returned for it. */
      kind: 'failed'
      /** the backend ran out of memory */
      outOfMemory: boolean
      message: string
      /** what was thrown */
      cause: unknown
    }

export interface ModelFrameResult {
  modelId: string
  /** The model's weight version the result was computed with. */
  modelVersion: number
  activations?: ActivationMaps
  /** Top-k, most probable first. */
  predictions?: Prediction[]
  /** Every class's probability in label order (with `probabilities: 'all'`); sums to 1. */
  probabilities?: Float32Array
  /** Every class's logit in label order (with `logits: 'all'`). */
  logits?: Float32Array
  /** Set when something the request asked for is left out on this frame, and why. */
  problem?: ModelFrameProblem
}

export interface FrameResult {
  /** The frame these results belong to. */
  frameId: number
  models: ModelFrameResult[]
  /** Wall time of the inference (ms), including the download. */
  elapsedMs: number
}

/**
 * A frame still on the GPU: an RGBA float texture (e.g. the scene's final render target,
 * `sceneRenderer.readTexture()`) of the WebGL context the runtime shares (`sharedContext`). Only
 * valid when the forward backend is that shared-context backend. The texture is read when the
 * inference starts, not when the frame is submitted.
 */
export interface FrameTexture {
  frameId: number
  width: number
  height: number
  /** RGBA (alpha ignored), display values in [0, 1]; float formats keep full precision. */
  texture: WebGLTexture
  /**
   * Which texel row is the image's top row: `'bottom-up'` (default, what rendering into a target
   * gives: texel row 0 is the image's bottom row) or `'top-down'` (row 0 at the top, as uploaded images).
   */
  rowOrder?: 'bottom-up' | 'top-down'
}

/** What `runtime.infer` and the scheduler take: pixels on the CPU or a texture on the GPU. */
export type FrameInput = FramePixels | FrameTexture

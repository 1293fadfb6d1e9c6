import * as tf from '@tensorflow/tfjs'
import type { FramePixels } from '../types'
import { framePixelsToTensor } from './framePixels'
import type { FrameInput, FrameTexture } from './types'

export function isFrameTexture(frame: FrameInput): frame is FrameTexture {
  return 'texture' in frame && frame.texture != null
}

/**
 * RGBA texture → RGB [1, h, w, 3] float in [0, 1], row 0 at the top, without leaving the GPU.
 * Call with the shared-context webgl backend active, on the context that owns the texture.
 *
 * TF.js samples the texture at texel centres with `texture()`; its own textures use nearest
 * filtering, and a float render target with linear filtering may even be incomplete (no
 * OES_texture_float_linear): so the texture is switched to nearest for the copy, and back after.
 */
export function frameTextureToTensor(frame: FrameTexture, gl: WebGL2RenderingContext): tf.Tensor4D {
  const { width, height, texture } = frame
  gl.bindTexture(gl.TEXTURE_2D, texture)
  const minFilter = gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER) as number
  const magFilter = gl.getTexParameter(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER) as number
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
  try {
    // the copy into TF.js' own texture is drawn right here, so the filters can be restored after
    const rgb = tf.tensor({ texture, width, height, channels: 'RGB' }, [1, height, width, 3], 'float32') as tf.Tensor4D
    if ((frame.rowOrder ?? 'bottom-up') === 'top-down') return rgb
    const flipped = tf.reverse(rgb, 1)
    rgb.dispose()
    return flipped
  } finally {
    gl.bindTexture(gl.TEXTURE_2D, texture)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, minFilter)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, magFilter)
    gl.bindTexture(gl.TEXTURE_2D, null)
  }
}

/**
 * Any frame → RGB [1, h, w, 3] in [0, 1] on the active backend. `sharedGl` is the context of the
 * shared-context backend when it is the active one; texture frames are refused without it.
 */
export function frameToTensor(frame: FrameInput, sharedGl?: WebGL2RenderingContext): tf.Tensor4D {
  if (!isFrameTexture(frame)) return framePixelsToTensor(frame as FramePixels)
  if (!sharedGl) {
    throw new Error(
      `Frame ${frame.frameId} is a GPU texture, but the forward backend is "${tf.getBackend()}": texture frames need the shared-context WebGL backend as the forward backend (createModelRuntime({ sharedContext }) on a GPU); submit readPixels() frames otherwise.`,
    )
  }
  return frameTextureToTensor(frame, sharedGl)
}

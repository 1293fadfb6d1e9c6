import { interpolationMatrix, resampleSeparable, resizeMatrix } from '../model/resize'

export { interpolationMatrix, resampleSeparable, resizeMatrix }

/*
 * Differentiable resampling built from matMul and elementwise ops only. Why not tf.image ops:
 * in TF.js 4.22 `resizeBilinear`'s gradient ignores `halfPixelCenters` (so it is the gradient of a
 * different resize), `transform`/`rotateWithOffset` have no gradient, and a gather-based sampler's
 * gradient (UnsortedSegmentSum) is quadratic on WebGL. Linear interpolation along one axis is a
 * small matrix, so resizing is two matMuls, and an affine warp (rotation, scale, shift:
 * `affineWarp` in transforms.ts) two batched ones, with exact gradients on every backend.
 */

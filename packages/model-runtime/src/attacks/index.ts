/**
 * `@perturber/model-runtime/attacks`: PGD on a backend you set up yourself (`runtime.createAttack`
 * is the front door's way: it runs where gradients are correct), and the overlay texture that
 * shows δ in the scene; `adversarialPixels` gives the frame the attacked model saw.
 */
export { PgdAttack, createPgdAttack, topClasses } from './PgdAttack'
export { adversarialPixels } from './adversarialPixels'
export { encodeOverlayTexture, deltaDisplayGain, MAX_DELTA_GAIN, type OverlayTextureData } from './overlayTexture'
export type { AttackedProbabilities, ClassProbability } from './types'

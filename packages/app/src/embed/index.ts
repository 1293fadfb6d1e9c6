/**
 * `@perturber/app/embed`: live figures' parts beneath `PerturberFigure` and
 * `definePerturberFigure` (front door): attribute parsing, the page's shared scene renderer and
 * model cache. The no-build bundle is `@perturber/app/perturber-embed.js`.
 */
export { FIGURE_ATTRIBUTES, FIGURE_STATE_EVENT, type DefineFigureOptions, type PerturberFigureElement } from './PerturberFigureElement'
export { FigureConfigError, FIGURE_PARTS, parseFigureState, readFigureState, parseAppUrl, parseFigureParts, parseFigureControls, parseAttackSteps, parseFigureSize, type FigurePart, type FigureControl } from './figureConfig'
export { loadFigureModels } from './figureModels'
export { SharedSceneRenderer, type FigureSceneOptions, type FigureSceneHandle } from './sharedSceneRenderer'
export { SharedModels, sharedModelsOf, type SharedModelRequest, type SharedModelLease } from './sharedModels'
export { sharedModelLoader } from './sharedModelLoader'

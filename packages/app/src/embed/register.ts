// The pre-built embed bundle's entry (perturber-embed.js): one <script type="module"> defines
// <perturber-figure>, with React, three.js and TF.js bundled and TF.js' .wasm files beside it.
import { wasmPaths } from '../site/wasmPaths'
import { definePerturberFigure } from './PerturberFigureElement'

definePerturberFigure({ runtimeOptions: { wasmPaths } })

export { definePerturberFigure, FIGURE_ATTRIBUTES, FIGURE_STATE_EVENT } from './PerturberFigureElement'

import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react'
import type { ModelRuntime, ModelRuntimeOptions } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { ColumnBoundary } from '../components/ColumnBoundary'
import type { AppModelConfig } from '../config'
import { zooInitialState } from '../modelIndex'
import type { AppState } from '../state/appState'
import { FigureConfigError, parseAppUrl, parseAttackSteps, parseFigureControls, parseFigureParts, parseFigureSize, readFigureState, type FigurePart } from './figureConfig'
import { loadFigureModels } from './figureModels'
import { FigureError } from './FigureError'
import { FigureStyles } from './figureStyles'
import { FigureView } from './FigureView'

export interface PerturberFigureProps {
  /** the models: a model zoo's `index.json` URL or a TF.js `model.json` URL (offered as id "model"), or a list */
  models: string | readonly AppModelConfig[]
  /**
   * What the figure shows, as the app's links hold it: an `AppState`, a whole link (`…#state=…`),
   * the base64url text after `#state=`, or JSON (whole or partial; see `parseFigureState`).
   * Default: the app's default view of the models (a zoo: standard vs adversarial).
   */
  state?: string | AppState
  /** parts to show: "scene", "controls", "predictions", "activations", "sweep" (the state's sweep, run and plotted) (default: scene, predictions, and controls when any are named) */
  view?: string | readonly FigurePart[]
  /** sliders: scene parameters (`textureMorph`) and perturbation parameters (`adversarial-overlay.attackAlpha`) */
  controls?: string | readonly string[]
  /** PGD steps the figure takes on its own on the state's attacked model (`state.attack`); default 0 */
  attackSteps?: number | string
  /** frame size in pixels, what the models see (default 224) */
  size?: number | string
  /** drag to orbit the camera (default true) */
  orbit?: boolean
  /** the app's page: adds an "Open in Perturber" link to the figure's current state */
  appUrl?: string
  caption?: ReactNode
  /** a runtime to share; otherwise the page's shared one for `runtimeOptions` (e.g. `{ wasmPaths }`) */
  runtime?: ModelRuntime | Promise<ModelRuntime>
  runtimeOptions?: ModelRuntimeOptions
  registry?: PerturbationRegistry
  /** called (debounced) with the figure's state whenever the reader changes it */
  onStateChange?(state: AppState): void
  className?: string
  style?: CSSProperties
}

type Models = { configs: readonly AppModelConfig[] } | { error: unknown } | null

/**
 * A live Perturber figure for a paper or an interactive article: a small composition of the app
 * (the scene, a few sliders, the predictions of one or two models, optionally the activations)
 * for one state. Every figure on a page shares one model runtime, one copy of each model and one
 * WebGL context. Anything wrong with its configuration or its models is shown inside the figure.
 */
export function PerturberFigure(props: PerturberFigureProps) {
  const { models, registry } = props
  const [loaded, setLoaded] = useState<Models>(() => (typeof models === 'string' ? null : { configs: models }))
  useEffect(() => {
    if (typeof models !== 'string') return setLoaded({ configs: models })
    let active = true
    setLoaded(null)
    if (!models.trim()) {
      setLoaded({ error: new Error('models: no models given (a model zoo index.json or a TF.js model.json URL).') })
      return
    }
    loadFigureModels(models).then(
      (configs) => active && setLoaded({ configs }),
      (error: unknown) => active && setLoaded({ error }),
    )
    return () => {
      active = false
    }
  }, [models])

  // the attributes are checked before anything loads, so a typo is reported at once
  const config = useMemo(() => {
    try {
      const controls = parseFigureControls(props.controls, registry)
      return { controls, parts: parseFigureParts(props.view, controls.length > 0), attackSteps: parseAttackSteps(props.attackSteps), size: parseFigureSize(props.size), appUrl: parseAppUrl(props.appUrl) }
    } catch (error) {
      return { error }
    }
  }, [props.controls, props.view, props.attackSteps, props.size, props.appUrl, registry])
  const state = useMemo((): ReturnType<typeof readFigureState> | { error: unknown } | null => {
    if (!loaded || !('configs' in loaded)) return null
    try {
      return readFigureState(props.state, zooInitialState(loaded.configs), registry)
    } catch (error) {
      return { error }
    }
  }, [loaded, props.state, registry])

  // `view="… sweep"` plots the sweep the state carries: without one there is nothing to plot
  const noSweep = !('error' in config) && config.parts.includes('sweep') && state && 'state' in state && !state.state.sweep
  const sweepError = noSweep ? new FigureConfigError('view', 'the part "sweep" plots the sweep in the figure\'s state, and the state has none (set one up in the app\'s sweep section and copy its link).') : null
  const error = 'error' in config ? config.error : loaded && 'error' in loaded ? loaded.error : state && 'error' in state ? state.error : sweepError
  // a new configuration is a new figure (the view reads its state once)
  const key = JSON.stringify([props.state, props.view, props.controls, props.attackSteps, props.size, props.appUrl, typeof models === 'string' ? models : models.map((m) => m.id)])
  return (
    <div className={`pf-root ${props.className ?? ''}`} style={props.style}>
      <FigureStyles />
      {error ? (
        <FigureError error={error} />
      ) : !loaded || !state || !('state' in state) || 'error' in config ? (
        <div className="pf-loading" role="status">
          Loading the figure’s models…
        </div>
      ) : (
        <ColumnBoundary name="The figure">
          <FigureView
            key={key}
            configs={(loaded as { configs: readonly AppModelConfig[] }).configs}
            state={state.state}
            adjustments={state.adjustments}
            parts={config.parts}
            controls={config.controls}
            attackSteps={config.attackSteps}
            runtime={props.runtime}
            runtimeOptions={props.runtimeOptions}
            registry={registry}
            size={config.size}
            orbit={props.orbit ?? true}
            appUrl={config.appUrl ?? undefined}
            onStateChange={props.onStateChange}
            caption={props.caption}
          />
        </ColumnBoundary>
      )}
    </div>
  )
}

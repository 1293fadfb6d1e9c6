import { createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import type { ModelRuntimeOptions } from '@perturber/model-runtime'
import type { AppState } from '../state/appState'
import { PerturberFigure } from './PerturberFigure'

/** The attributes `<perturber-figure>` reads (each one re-renders the figure when it changes). */
export const FIGURE_ATTRIBUTES = ['models', 'state', 'view', 'controls', 'attack-steps', 'size', 'orbit', 'app', 'caption'] as const

/** The event a figure dispatches (debounced) when the reader changes its state; `detail` is the `AppState`. */
export const FIGURE_STATE_EVENT = 'perturber-statechange'

export interface DefineFigureOptions {
  /** default `perturber-figure` */
  tagName?: string
  /** for the page's shared runtime, e.g. `{ wasmPaths }` where the bundle's .wasm files are */
  runtimeOptions?: ModelRuntimeOptions
}

/** The element's class (what `customElements.get('perturber-figure')` returns). */
export interface PerturberFigureElement extends HTMLElement {
  /** the figure's current state (what its "Open in Perturber" link holds), once it has one */
  readonly state: AppState | null
}

/**
 * Defines `<perturber-figure>` (once; a second call returns the first definition): a
 * {@link PerturberFigure} configured by attributes, for plain HTML pages without a build step.
 *
 * ```html
 * <perturber-figure models="perturber-zoo/index.json" controls="textureMorph"
 *   state='{"models": {"model1": {"kind": "config", "id": "standard"}, "model2": {"kind": "config", "id": "stylized"}}}'>
 * </perturber-figure>
 * ```
 *
 * The state may also be given as JSON in a child `<script type="application/json">` (easier to
 * write than an attribute). The figure renders into an open shadow root, so the article's styles
 * and the figure's never mix; until the bundle has loaded, the element's own children (say, a
 * static picture) show instead.
 */
export function definePerturberFigure(options: DefineFigureOptions = {}): CustomElementConstructor {
  const tagName = options.tagName ?? 'perturber-figure'
  const existing = customElements.get(tagName)
  if (existing) return existing

  class FigureElement extends HTMLElement implements PerturberFigureElement {
    static observedAttributes = FIGURE_ATTRIBUTES
    private root: Root | null = null
    private latest: AppState | null = null
    private unmount: ReturnType<typeof setTimeout> | null = null

    get state(): AppState | null {
      return this.latest
    }

    connectedCallback() {
      if (this.unmount !== null) clearTimeout(this.unmount)
      this.unmount = null
      if (!this.root) {
        const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
        const container = document.createElement('div')
        shadow.replaceChildren(container)
        this.root = createRoot(container)
      }
      this.render()
    }

    disconnectedCallback() {
      // moving the element (remove + insert) must not restart the figure: unmount only if it stays out
      this.unmount = setTimeout(() => {
        this.root?.unmount()
        this.root = null
        this.unmount = null
      }, 0)
    }

    attributeChangedCallback() {
      if (this.root) this.render()
    }

    private render() {
      const attr = (name: (typeof FIGURE_ATTRIBUTES)[number]) => this.getAttribute(name) ?? undefined
      const inlineState = this.querySelector(':scope > script[type="application/json"]')?.textContent ?? undefined
      const orbit = attr('orbit')
      this.root?.render(
        createElement(PerturberFigure, {
          models: attr('models') ?? '',
          state: attr('state') ?? inlineState,
          view: attr('view'),
          controls: attr('controls'),
          attackSteps: attr('attack-steps'),
          size: attr('size'),
          orbit: orbit === undefined ? true : !/^(false|off|no|0)$/i.test(orbit),
          appUrl: attr('app'),
          caption: attr('caption'),
          runtimeOptions: options.runtimeOptions,
          onStateChange: (state: AppState) => {
            this.latest = state
            this.dispatchEvent(new CustomEvent(FIGURE_STATE_EVENT, { detail: state }))
          },
        }),
      )
    }
  }
  customElements.define(tagName, FigureElement)
  return FigureElement
}

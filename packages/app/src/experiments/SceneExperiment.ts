import type { StoreApi } from 'zustand/vanilla'
import type { FramePixels, FrameResult, ModelRequest } from '@perturber/model-runtime'
import type { BackgroundSource, ObjectSource, SceneParams } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import { JobControl, type JobState } from '../session/jobControl'
import type { PerturberSession } from '../session/PerturberSession'

/**
 * What the scene experiments share: a job (pause, resume, cancel between items, progress, the
 * result published as it grows) that shows objects and backgrounds of its choosing on the live
 * scene — the user's own come back when it ends, however it ends — and evaluates views of them
 * beside the live frame: the scene's default sliders but for the view's, no perturbation.
 */
export abstract class SceneExperiment<R> {
  readonly store: StoreApi<JobState<R>>
  readonly finished: Promise<R | null>
  protected readonly control: JobControl<R>
  /** what the scene showed when the run started */
  private shownBefore: { object: ObjectSource; background: BackgroundSource } | null = null
  /** what the run last showed, to tell a change by the user */
  private showing: { object: ObjectSource; background: BackgroundSource } | null = null

  constructor(
    protected readonly session: PerturberSession,
    total: number,
    snapshot: () => R | null,
  ) {
    this.control = new JobControl(total, snapshot)
    this.store = this.control.store
    // started on the next task: subclasses finish constructing first
    this.finished = Promise.resolve()
      .then(() => this.session.settled())
      .then(() => this.runShowing())
      .catch((e: unknown) => {
        this.control.fail(e)
        return this.store.getState().result
      })
  }

  get state(): JobState<R> {
    return this.store.getState()
  }

  pause(): void {
    this.control.pause()
  }

  resume(): void {
    this.control.resume()
  }

  /** Stops after the item under way; the items so far stay in the result. */
  cancel(): void {
    this.control.cancel()
  }

  /** The experiment itself: `begin()`/`proceed()`/`progress()` on `control`, then returns the result (end is called for it). */
  protected abstract run(): Promise<void>

  /** Shows an object and a background on the live scene, once they are loaded; a failed load stops the run. */
  protected async show(object: ObjectSource, background: BackgroundSource, what: string): Promise<void> {
    const scene = this.session.scene.getState()
    if (JSON.stringify(scene.object) !== JSON.stringify(object)) scene.setObject(object)
    if (JSON.stringify(scene.background) !== JSON.stringify(background)) scene.setBackground(background)
    this.showing = { object, background }
    await this.session.settled()
    const { loadErrors } = this.session.scene.getState()
    const failed = loadErrors.object ?? loadErrors.background
    if (failed) throw new Error(`${what} did not load: ${failed}`)
  }

  /** Before each item: false once cancelled; throws when the user changed what the run shows. */
  protected async proceed(): Promise<boolean> {
    if (!(await this.control.proceed())) return false
    const now = this.session.scene.getState()
    if (this.showing && JSON.stringify([now.object, now.background]) !== JSON.stringify([this.showing.object, this.showing.background])) {
      throw new Error('The object or background changed during the experiment: what it measured so far is kept; run it again.')
    }
    return true
  }

  /** One view of what is shown, beside the live frame, through the session's runtime. */
  protected evaluate(view: Partial<SceneParams>, requests: readonly ModelRequest[], frameId: number, hideObject = false): Promise<FrameResult> {
    return this.infer(this.renderView(view, frameId, hideObject), requests)
  }

  /** One view of what is shown, rendered beside the live frame: RGBA floats, row 0 at the top. */
  protected renderView(view: Partial<SceneParams>, frameId: number, hideObject = false): FramePixels & { data: Float32Array } {
    const renderer = this.session.frames.renderer()
    if (!renderer) throw new Error('The scene went away during the experiment.')
    const chain = this.session.scene.getState().chain.map((s) => ({ ...s, enabled: false }))
    const data = renderer.renderSample({ params: { ...defaultSceneParams, ...view }, chain, hideObject })
    return { frameId, width: renderer.width, height: renderer.height, data }
  }

  /** A rendered view through the session's runtime. */
  protected infer(frame: FramePixels, requests: readonly ModelRequest[]): Promise<FrameResult> {
    const runtime = this.session.store.getState().runtime
    if (!runtime) throw new Error('The model runtime went away during the experiment.')
    return runtime.infer(frame, requests)
  }

  private async runShowing(): Promise<R | null> {
    const { object, background } = this.session.scene.getState()
    this.shownBefore = { object, background }
    try {
      await this.run()
    } finally {
      const scene = this.session.scene.getState()
      // the user's scene comes back, unless they chose another one meanwhile
      if (this.showing && JSON.stringify(scene.object) === JSON.stringify(this.showing.object)) scene.setObject(this.shownBefore.object)
      if (this.showing && JSON.stringify(scene.background) === JSON.stringify(this.showing.background)) scene.setBackground(this.shownBefore.background)
    }
    return this.store.getState().result
  }
}

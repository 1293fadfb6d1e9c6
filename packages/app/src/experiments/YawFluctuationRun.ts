import type { StoreApi } from 'zustand/vanilla'
import type { FrameResult, ModelRequest } from '@perturber/model-runtime'
import type { BackgroundSource, SceneParams } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import type { ModelRole } from '@perturber/viz'
import { JobControl, type JobState } from '../session/jobControl'
import { JobModels, nextTask } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { ObjectFamilyError, objectFamilies } from './families'
import { YAW_FLUCTUATION, fluctuationScore, fluctuationSummary, logitStd, topClasses, type YawFluctuationDesign } from './fluctuation'
import { morphOf, pickObjects, type SceneObject } from './objects'

export interface YawFluctuationOptions {
  /** scene objects by name (default: all ten) */
  objects?: readonly string[]
  /** the models to measure, of those shown (default: every shown one) */
  models?: ModelRole[]
  /** default: the thesis's ({@link YAW_FLUCTUATION}) */
  design?: YawFluctuationDesign
}

/** One prototype view (an object at one pitch and distance, the prototype's yaw) on one model, and its yaw variations. */
export interface YawPrototype {
  object: string
  /** index into `YawFluctuationResult.models` */
  model: number
  pitch: number
  distance: number
  /** the prototype's top-k classes (c*), most probable first, and their names */
  classes: number[]
  labels: string[]
  /** population standard deviation of the prototype's whole logit vector, std(l*) */
  logitStd: number
  /** per yaw of the design, in order: the logits of `classes` */
  logits: number[][]
  /** the fluctuation score f_p (eq 7.2) */
  score: number
  /** whether the prototype's top class is in the object's family; null when the model has no class of it */
  recognised: boolean | null
}

/** The mean and standard deviation of an object's prototype scores on one model (the thesis's Figure 7.4). */
export interface YawSummary {
  object: string
  model: number
  mean: number
  std: number
  n: number
}

export interface YawFluctuationResult {
  format: 'perturber-yaw-fluctuation'
  version: 1
  design: YawFluctuationDesign
  /** what every view shows besides the object and camera: the scene's default sliders, this background, no perturbation */
  background: BackgroundSource
  models: { role: ModelRole; name: string }[]
  objects: string[]
  /** object by object, then pitch, distance and model */
  prototypes: YawPrototype[]
  summary: YawSummary[]
}

export type YawFluctuationState = JobState<YawFluctuationResult>

/**
 * The yaw fluctuation experiment of the Perturber thesis (§7.3.1) on a session: for each object,
 * pitch and distance, the views at every yaw of the design render beside the live frame (the
 * scene's default sliders, the current background, no perturbation) and go through every model;
 * each prototype's score is eq 7.2 on their logits. The experiment shows each object in turn on
 * the live scene (a user's object comes back at the end); one prototype per task, so the page stays
 * responsive; pause, resume and cancel between prototypes keep the ones done.
 */
export class YawFluctuationRun {
  readonly store: StoreApi<YawFluctuationState>
  readonly finished: Promise<YawFluctuationResult | null>
  private readonly control: JobControl<YawFluctuationResult>
  private result: YawFluctuationResult | null = null
  private readonly objects: SceneObject[]
  private readonly design: YawFluctuationDesign

  constructor(
    private readonly session: PerturberSession,
    private readonly options: YawFluctuationOptions = {},
  ) {
    this.objects = pickObjects(options.objects)
    this.design = options.design ?? YAW_FLUCTUATION
    const total = this.objects.length * this.design.pitches.length * this.design.distances.length
    this.control = new JobControl(total, () => this.result && withSummary({ ...this.result, prototypes: this.result.prototypes.slice() }))
    this.store = this.control.store
    this.finished = this.run().catch((e: unknown) => {
      this.control.fail(e)
      return this.store.getState().result
    })
  }

  get state(): YawFluctuationState {
    return this.store.getState()
  }

  pause(): void {
    this.control.pause()
  }

  resume(): void {
    this.control.resume()
  }

  cancel(): void {
    this.control.cancel()
  }

  private async run(): Promise<YawFluctuationResult | null> {
    const { session, design } = this
    await session.settled()
    const jobModels = new JobModels(session, this.options.models, { name: 'experiment', verb: 'measures', items: 'prototypes' })
    const models = jobModels.models
    const runtime = session.store.getState().runtime!
    const renderer = session.frames.renderer()!
    const families = models.map(({ model }) => familiesOf(model.descriptor.labels.names, this.objects))
    const requests: ModelRequest[] = models.map(({ model }) => ({ model, predictions: false, logits: 'all' }))
    const { object: userObject, background, chain } = session.scene.getState()
    const off = chain.map((s) => ({ ...s, enabled: false }))
    const result: YawFluctuationResult = (this.result = {
      format: 'perturber-yaw-fluctuation',
      version: 1,
      design,
      background,
      models: models.map((m) => ({ role: m.role, name: jobModels.nameOf(m) })),
      objects: this.objects.map((o) => o.name),
      prototypes: [],
      summary: [],
    })
    let done = 0
    this.control.begin()
    try {
      objects: for (const [o, object] of this.objects.entries()) {
        const source = { kind: 'builtin' as const, id: object.pair }
        session.scene.getState().setObject(source)
        await session.settled()
        const failed = session.scene.getState().loadErrors.object
        if (failed) throw new Error(`The ${object.name} did not load: ${failed}`)
        for (const pitch of design.pitches) {
          for (const distance of design.distances) {
            if (!(await this.control.proceed())) break objects
            jobModels.check()
            checkScene(session, source, background)
            const views: FrameResult[] = []
            for (const yaw of design.yaws) {
              const params: SceneParams = { ...defaultSceneParams, ...morphOf(object), yaw, pitch, distance }
              const data = renderer.renderSample({ params, chain: off })
              views.push(await runtime.infer({ frameId: done, width: renderer.width, height: renderer.height, data }, requests))
            }
            models.forEach(({ model }, m) => {
              const logits = views.map((v, y) => {
                const values = v.models[m].logits
                if (!values) throw new Error(`${result.models[m].name} gave no logits on the ${object.name} at yaw ${design.yaws[y].toFixed(1)}°: ${v.models[m].problem?.message ?? 'no reason given'}`)
                return values
              })
              const prototype = logits[design.prototypeYawIndex]
              const classes = topClasses(prototype, design.topK)
              const names = model.descriptor.labels.names
              const family = families[m]?.[o]
              result.prototypes.push({
                object: object.name,
                model: m,
                pitch,
                distance,
                classes,
                labels: classes.map((c) => names[c] ?? `class ${c}`),
                logitStd: logitStd(prototype),
                logits: logits.map((l) => classes.map((c) => l[c])),
                score: fluctuationScore(prototype, logits, design.topK),
                recognised: family && family.length ? family.includes(classes[0]) : null,
              })
            })
            this.control.progress(++done)
            await nextTask()
          }
        }
      }
    } finally {
      session.scene.getState().setObject(userObject)
    }
    this.control.end(done)
    return this.store.getState().result
  }
}

/** Starts the yaw fluctuation experiment on a session (see {@link YawFluctuationRun}); unknown objects are refused here. */
export function startYawFluctuation(session: PerturberSession, options?: YawFluctuationOptions): YawFluctuationRun {
  return new YawFluctuationRun(session, options)
}

/** The summary rows (mean ± std over an object's prototypes, per model) of a result's prototypes. */
export function withSummary(result: YawFluctuationResult): YawFluctuationResult {
  const summary: YawSummary[] = []
  for (const object of result.objects) {
    result.models.forEach((_, model) => {
      const scores = result.prototypes.filter((p) => p.object === object && p.model === model).map((p) => p.score)
      if (scores.length) summary.push({ object, model, ...fluctuationSummary(scores) })
    })
  }
  return { ...result, summary }
}

/** The object's classes in the model, or null when the model has none of some object (the score needs no labels). */
function familiesOf(classes: readonly string[], objects: readonly SceneObject[]): number[][] | null {
  try {
    return objectFamilies(classes, objects.map((o) => o.name))
  } catch (e) {
    if (e instanceof ObjectFamilyError) return objects.map((o) => (e.objects.includes(o.name) ? [] : objectFamilies(classes, [o.name])[0]))
    throw e
  }
}

function checkScene(session: PerturberSession, object: { kind: 'builtin'; id: string }, background: BackgroundSource) {
  const now = session.scene.getState()
  if (JSON.stringify(now.object) !== JSON.stringify(object)) throw new Error('The object changed during the experiment: the prototypes so far are kept; run it again.')
  if (JSON.stringify(now.background) !== JSON.stringify(background)) throw new Error('The background changed during the experiment: the prototypes so far are kept; run it again.')
}

import type { FrameResult, ModelRequest } from '@perturber/model-runtime'
import type { BackgroundSource } from '@perturber/scene'
import type { ModelRole } from '@perturber/viz'
import type { JobState } from '../session/jobControl'
import { JobModels, nextTask } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { ObjectFamilyError, objectFamilies } from './families'
import { YAW_FLUCTUATION, fluctuationScore, fluctuationSummary, logitStd, topClasses, type YawFluctuationDesign } from './fluctuation'
import { morphOf, pickObjects, type SceneObject } from './objects'
import { SceneExperiment } from './SceneExperiment'

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
 * the live scene (the user's object comes back at the end, see {@link SceneExperiment}); one
 * prototype per task, so the page stays responsive; pause, resume and cancel between prototypes
 * keep the ones done.
 */
export class YawFluctuationRun extends SceneExperiment<YawFluctuationResult> {
  private result: YawFluctuationResult | null = null
  private readonly objects: SceneObject[]
  private readonly design: YawFluctuationDesign

  constructor(session: PerturberSession, private readonly options: YawFluctuationOptions = {}) {
    const objects = pickObjects(options.objects)
    const design = options.design ?? YAW_FLUCTUATION
    super(session, objects.length * design.pitches.length * design.distances.length, () => this.result && withSummary({ ...this.result, prototypes: this.result.prototypes.slice() }))
    this.objects = objects
    this.design = design
  }

  protected async run(): Promise<void> {
    const { session, design } = this
    const jobModels = new JobModels(session, this.options.models, { name: 'experiment', verb: 'measures', items: 'prototypes' })
    const models = jobModels.models
    const families = models.map(({ model }) => familiesOf(model.descriptor.labels.names, this.objects))
    const requests: ModelRequest[] = models.map(({ model }) => ({ model, predictions: false, logits: 'all' }))
    const { background } = session.scene.getState()
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
    objects: for (const [o, object] of this.objects.entries()) {
      await this.show({ kind: 'builtin', id: object.pair }, background, `The ${object.name}`)
      for (const pitch of design.pitches) {
        for (const distance of design.distances) {
          if (!(await this.proceed())) break objects
          jobModels.check()
          const views: FrameResult[] = []
          for (const yaw of design.yaws) views.push(await this.evaluate({ ...morphOf(object), yaw, pitch, distance }, requests, done))
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
    this.control.end(done)
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

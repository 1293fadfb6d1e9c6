import type { ModelRequest } from '@perturber/model-runtime'
import type { BackgroundSource, SceneParams } from '@perturber/scene'
import type { BuiltinBackgroundId } from '@perturber/scene/core'
import type { ModelRole } from '@perturber/viz'
import { JobModels, nextTask } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { backgroundDependence, type BackgroundCondition, type BackgroundDependenceTable, type BackgroundTrial } from './backgroundDependence'
import { YAW_FLUCTUATION } from './fluctuation'
import { familiesOfModels, morphOf, pickObjects, type SceneObject } from './objects'
import { SceneExperiment } from './SceneExperiment'

/** A camera of the background experiment. */
export type BackgroundView = Pick<SceneParams, 'yaw' | 'pitch' | 'distance'>

/**
 * The default cameras: the yaw experiment's five middle yaws (−46.7° … 46.7°) at its two pitches,
 * at the scene's default dolly — views that show the object whole with background all around.
 */
export const BACKGROUND_VIEWS: readonly BackgroundView[] = Object.freeze(YAW_FLUCTUATION.pitches.flatMap((pitch) => YAW_FLUCTUATION.yaws.slice(1, -1).map((yaw) => ({ yaw, pitch, distance: 3.4 }))))

/** The neutral background: a plain mid grey, no cue at all (the Background Challenge's Only-FG has black). */
export const NEUTRAL_BACKGROUND = '#808080'

export interface BackgroundDependenceOptions {
  /** scene objects by name (default: all ten); at least two, or there is no other background */
  objects?: readonly string[]
  /** the models to measure, of those shown (default: every shown one) */
  models?: ModelRole[]
  views?: readonly BackgroundView[]
}

/** One image of the experiment and what each model picked among the objects. */
export interface BackgroundImage {
  condition: BackgroundCondition
  /** index into `objects`; null: the background alone */
  object: number | null
  /** the object whose background it is (index into `objects`), or 'neutral' */
  background: number | 'neutral'
  /** index into `views` */
  view: number
  /** per model: the summed probability of each object's family (what the pick is made from) */
  familyScores: number[][]
  /** per model: its top-1 class name (for a reader: what it saw) */
  top1: string[]
}

export interface BackgroundDependenceResult {
  format: 'perturber-background-dependence'
  version: 1
  objects: { name: string; background: BuiltinBackgroundId }[]
  neutral: string
  views: BackgroundView[]
  models: { role: ModelRole; name: string }[]
  images: BackgroundImage[]
  /** per model: the accuracy per condition (chance is 1 / objects) and the own − other gap */
  tables: BackgroundDependenceTable[]
}

/**
 * The background experiment of the Perturber thesis (§7.3.2, after Xiao et al.'s Background
 * Challenge) on a session: every object before its own fitting background, before the other
 * objects' backgrounds, before a neutral grey, and every object's background alone (object
 * removed), each from `views`; a model's answer is the object whose classes (its ImageNet family,
 * or the zoo class) get the most probability, so chance is 1 / objects. A model whose classes
 * match none of some object's is refused before anything renders.
 */
export class BackgroundDependenceRun extends SceneExperiment<BackgroundDependenceResult> {
  private result: BackgroundDependenceResult | null = null
  private readonly objects: SceneObject[]
  private readonly views: readonly BackgroundView[]
  private readonly jobModels: JobModels
  private readonly families: number[][][]

  constructor(session: PerturberSession, options: BackgroundDependenceOptions = {}) {
    const objects = pickObjects(options.objects)
    if (objects.length < 2) throw new RangeError('Objects: choose at least two, so that each has another object’s background to stand before.')
    const views = options.views ?? BACKGROUND_VIEWS
    if (views.length === 0) throw new RangeError('Views: choose at least one camera.')
    const jobModels = new JobModels(session, options.models, { name: 'experiment', verb: 'measures', items: 'images' })
    const families = familiesOfModels(jobModels, objects.map((o) => o.name))
    const backgrounds = new Set(objects.map((o) => o.background)).size
    super(session, (backgrounds + 1) * objects.length + backgrounds, () => this.result && { ...this.result, images: this.result.images.slice(), tables: tablesOf(this.result) })
    this.objects = objects
    this.views = views
    this.jobModels = jobModels
    this.families = families
  }

  protected async run(): Promise<void> {
    const { jobModels, objects, views, families } = this
    const models = jobModels.models
    const requests: ModelRequest[] = models.map(({ model }) => ({ model, predictions: true, topK: 1, probabilities: 'all' }))
    const result: BackgroundDependenceResult = (this.result = {
      format: 'perturber-background-dependence',
      version: 1,
      objects: objects.map((o) => ({ name: o.name, background: o.background })),
      neutral: NEUTRAL_BACKGROUND,
      views: views.slice(),
      models: models.map((m) => ({ role: m.role, name: jobModels.nameOf(m) })),
      images: [],
      tables: [],
    })
    // each background once (loading one is the slow part), every object before it, then it alone
    const backgrounds = [...new Set(objects.map((o) => o.background))]
    const stands: { source: BackgroundSource; owner: number | 'neutral'; id: BuiltinBackgroundId | null }[] = [
      ...backgrounds.map((id) => ({ source: { kind: 'hdri' as const, id }, owner: objects.findIndex((o) => o.background === id), id })),
      { source: { kind: 'solid', color: NEUTRAL_BACKGROUND }, owner: 'neutral', id: null },
    ]
    let done = 0
    let frame = 0
    const record = async (image: Omit<BackgroundImage, 'familyScores' | 'top1' | 'view'>, view: Partial<SceneParams>, v: number, hideObject = false) => {
      const frameResult = await this.evaluate(view, requests, frame++, hideObject)
      const familyScores = frameResult.models.map((m, i) => {
        if (!m.probabilities) throw new Error(`${result.models[i].name} gave no probabilities: ${m.problem?.message ?? 'no reason given'}`)
        return families[i].map((family) => family.reduce((sum, c) => sum + m.probabilities![c], 0))
      })
      const top1 = frameResult.models.map((m, i) => {
        const top = m.predictions?.[0]?.labelIndex
        return top === undefined ? '' : (models[i].model.descriptor.labels.names[top] ?? `class ${top}`)
      })
      result.images.push({ ...image, view: v, familyScores, top1 })
    }
    this.control.begin()
    all: for (const stand of stands) {
      for (const [o, object] of objects.entries()) {
        await this.show({ kind: 'builtin', id: object.pair }, stand.source, `The ${object.name} before ${stand.id ?? 'the neutral background'}`)
        if (!(await this.proceed())) break all
        jobModels.check()
        const condition: BackgroundCondition = stand.owner === 'neutral' ? 'neutral' : stand.id === object.background ? 'own' : 'other'
        for (const [v, view] of views.entries()) await record({ condition, object: o, background: condition === 'own' ? o : stand.owner }, { ...morphOf(object), ...view }, v)
        this.control.progress(++done)
        await nextTask()
      }
      if (stand.id === null) continue
      if (!(await this.proceed())) break
      jobModels.check()
      // the background alone: once rendered, an image for every object whose own it is
      const owners = objects.flatMap((o, k) => (o.background === stand.id ? [k] : []))
      for (const [v, view] of views.entries()) {
        await record({ condition: 'removed', object: null, background: owners[0] }, view, v, true)
        const alone = result.images[result.images.length - 1]
        for (const owner of owners.slice(1)) result.images.push({ ...alone, background: owner })
      }
      this.control.progress(++done)
      await nextTask()
    }
    this.control.end(done)
  }
}

/** Starts the background experiment on a session (see {@link BackgroundDependenceRun}); bad options and unmatched models are refused here. */
export function startBackgroundDependence(session: PerturberSession, options?: BackgroundDependenceOptions): BackgroundDependenceRun {
  return new BackgroundDependenceRun(session, options)
}

/** Each model's table from a result's images (the picks made again from the recorded family scores). */
export function tablesOf(result: BackgroundDependenceResult): BackgroundDependenceTable[] {
  const identity = result.objects.map((_, k) => [k])
  return result.models.map((_, m) => {
    const trials: BackgroundTrial[] = result.images.map((image) =>
      image.object === null ? { object: null, background: image.background as number, probabilities: image.familyScores[m] } : { object: image.object, background: image.background, probabilities: image.familyScores[m] },
    )
    return backgroundDependence(trials, identity)
  })
}

import type { ModelRequest } from '@perturber/model-runtime'
import type { BackgroundSource, SceneParams } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import type { ModelRole } from '@perturber/viz'
import type { RgbaImage } from '@perturber/viz/sweeps'
import { thumbnailOf } from '../batch/resample'
import { JobModels, nextTask } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { YAW_FLUCTUATION } from './fluctuation'
import { familiesOfModels, pickObjects, SCENE_OBJECTS, type SceneObject } from './objects'
import { SceneExperiment } from './SceneExperiment'

/** The cue-conflict images' background: plain grey, so that only shape and texture speak. */
const CUE_CONFLICT_BACKGROUND: BackgroundSource = { kind: 'solid', color: '#808080' }

/**
 * What a recognition check shows of each object: its default view (the scene's default camera)
 * and the thesis' yaw sweep (seven yaws from −70° to 70°, two pitches), before its own fitting
 * background; and, for each pair, both cue-conflict images (one end's shape with the other's
 * texture, e.g. a cat-shaped body with a dog's fur) at the default view before plain grey.
 */
export type RecognitionView = 'default' | 'yaw' | 'cue-conflict'

/** One model's answer on one image: its top five, and where the object's family (and, for a cue conflict, the texture's) first appears. */
export interface RecognitionAnswer {
  top5: number[]
  labels: string[]
  /** 1-based rank of the first top-5 class in the shape object's family; null: not in the top five */
  rank: number | null
  /** cue conflicts: the same for the texture object's family */
  textureRank?: number | null
}

export interface RecognitionImage {
  view: RecognitionView
  /** the object shown (its shape, for a cue conflict) */
  object: string
  /** cue conflicts: whose texture it wears */
  texture?: string
  yaw: number
  pitch: number
  /** per model */
  answers: RecognitionAnswer[]
}

/** Per model: how many objects' default views have the object top-1 and in the top five, the yaw sweep's top-5 rate, and the cue conflicts' decisions. */
export interface RecognitionSummary {
  defaultTop1: number
  defaultTop5: number
  objects: number
  yawTop5: number
  yawViews: number
  /** cue conflicts decided by shape or by texture (top-1 in that family), and neither */
  shape: number
  texture: number
  neither: number
}

export interface RecognitionResult {
  format: 'perturber-recognition'
  version: 1
  models: { role: ModelRole; name: string }[]
  objects: { name: string; background: string }[]
  images: RecognitionImage[]
  summary: RecognitionSummary[]
}

export interface RecognitionOptions {
  /** scene objects by name (default all ten) */
  objects?: readonly string[]
  models?: ModelRole[]
  /**
   * keep a small copy of each object's default view and cue-conflict image, this many pixels wide
   * (default 0: none), to show what the models were asked (`RecognitionRun.thumbnail`)
   */
  thumbnailSize?: number
  /** false: leave out the yaw sweep (140 of the 160 images with all ten objects), a quick check of the default views and cue conflicts (default true) */
  yawSweep?: boolean
}

/**
 * Does a model see the scene's objects as what they are? For ImageNet models that bring their own
 * 1000 classes and for the zoo's alike (each object's family of classes, `IMAGENET_FAMILIES`).
 * Every image renders beside the live frame; the run shows each object and background in turn and
 * gives the user's back (see {@link SceneExperiment}). A model with no class of some object is refused.
 */
export class RecognitionRun extends SceneExperiment<RecognitionResult> {
  private result: RecognitionResult | null = null
  private readonly objects: SceneObject[]
  private readonly jobModels: JobModels
  private readonly families: number[][][]
  private readonly thumbnailSize: number
  private readonly yawSweep: boolean
  private readonly thumbnails = new Map<string, RgbaImage>()

  constructor(session: PerturberSession, options: RecognitionOptions = {}) {
    const objects = pickObjects(options.objects)
    const jobModels = new JobModels(session, options.models, { name: 'recognition check', verb: 'measures', items: 'views' })
    // cue conflicts name the pair's other end too: its family must be known
    const named = SCENE_OBJECTS.filter((o) => objects.some((p) => p.pair === o.pair)).map((o) => o.name)
    const families = familiesOfModels(jobModels, named)
    super(session, objects.length * 2, () => this.result && summarised({ ...this.result, images: this.result.images.slice() }))
    this.objects = objects
    this.jobModels = jobModels
    this.families = families
    this.familyNames = named
    this.thumbnailSize = Math.max(0, Math.floor(options.thumbnailSize ?? 0))
    this.yawSweep = options.yawSweep ?? true
  }

  /** What the models were shown of an object at its default view or in its cue conflict (with `thumbnailSize`): RGBA bytes, row 0 at the top. */
  thumbnail(object: string, view: Exclude<RecognitionView, 'yaw'>): RgbaImage | undefined {
    return this.thumbnails.get(`${view}:${object}`)
  }

  /** `families[model][k]` is the classes of `familyNames[k]` (the chosen objects and their pair partners) */
  private readonly familyNames: string[]

  protected async run(): Promise<void> {
    const { jobModels, objects } = this
    const models = jobModels.models
    const requests: ModelRequest[] = models.map(({ model }) => ({ model, predictions: true, topK: 5 }))
    const result: RecognitionResult = (this.result = {
      format: 'perturber-recognition',
      version: 1,
      models: models.map((m) => ({ role: m.role, name: jobModels.nameOf(m) })),
      objects: objects.map((o) => ({ name: o.name, background: o.background })),
      images: [],
      summary: [],
    })
    const family = (m: number, name: string) => this.families[m][this.familyNames.indexOf(name)]
    const rankIn = (top5: number[], classes: number[]) => {
      const at = top5.findIndex((c) => classes.includes(c))
      return at < 0 ? null : at + 1
    }
    let frame = 0
    const look = async (image: Omit<RecognitionImage, 'answers'>, params: Partial<SceneParams>) => {
      const pixels = this.renderView(params, frame++)
      if (this.thumbnailSize > 0 && image.view !== 'yaw') this.thumbnails.set(`${image.view}:${image.object}`, thumbnailOf(pixels, this.thumbnailSize))
      const answer = await this.infer(pixels, requests)
      result.images.push({
        ...image,
        answers: answer.models.map((m, i) => {
          const top5 = (m.predictions ?? []).map((p) => p.labelIndex)
          const names = models[i].model.descriptor.labels.names
          return {
            top5,
            labels: top5.map((c) => names[c] ?? `class ${c}`),
            rank: rankIn(top5, family(i, image.object)),
            ...(image.texture ? { textureRank: rankIn(top5, family(i, image.texture)) } : {}),
          }
        }),
      })
    }
    let done = 0
    this.control.begin()
    all: for (const object of objects) {
      const morph = { overallMorph: 0, shapeMorph: object.end, textureMorph: object.end }
      await this.show({ kind: 'builtin', id: object.pair }, { kind: 'hdri', id: object.background }, `The ${object.name}`)
      if (!(await this.proceed())) break
      jobModels.check()
      await look({ view: 'default', object: object.name, yaw: defaultSceneParams.yaw, pitch: defaultSceneParams.pitch }, morph)
      if (this.yawSweep) for (const pitch of YAW_FLUCTUATION.pitches) for (const yaw of YAW_FLUCTUATION.yaws) await look({ view: 'yaw', object: object.name, yaw, pitch }, { ...morph, yaw, pitch })
      this.control.progress(++done)
      await nextTask()

      const texture = SCENE_OBJECTS.find((o) => o.pair === object.pair && o.end !== object.end)!
      await this.show({ kind: 'builtin', id: object.pair }, CUE_CONFLICT_BACKGROUND, `The ${object.name} with the ${texture.name}'s texture`)
      if (!(await this.proceed())) break all
      jobModels.check()
      await look({ view: 'cue-conflict', object: object.name, texture: texture.name, yaw: defaultSceneParams.yaw, pitch: defaultSceneParams.pitch }, { overallMorph: 0, shapeMorph: object.end, textureMorph: texture.end })
      this.control.progress(++done)
      await nextTask()
    }
    this.control.end(done)
  }
}

/** Starts a recognition check on a session (see {@link RecognitionRun}); unknown objects and unmatched models are refused here. */
export function startRecognition(session: PerturberSession, options?: RecognitionOptions): RecognitionRun {
  return new RecognitionRun(session, options)
}

/** The per-model counts of a result's images. */
export function summarised(result: RecognitionResult): RecognitionResult {
  const summary = result.models.map((_, m): RecognitionSummary => {
    const of = (view: RecognitionView) => result.images.filter((i) => i.view === view).map((i) => i.answers[m])
    const defaults = of('default')
    const yaws = of('yaw')
    const conflicts = of('cue-conflict')
    const shape = conflicts.filter((a) => a.rank === 1).length
    const texture = conflicts.filter((a) => a.textureRank === 1).length
    return {
      defaultTop1: defaults.filter((a) => a.rank === 1).length,
      defaultTop5: defaults.filter((a) => a.rank !== null).length,
      objects: defaults.length,
      yawTop5: yaws.filter((a) => a.rank !== null).length,
      yawViews: yaws.length,
      shape,
      texture,
      neither: conflicts.length - shape - texture,
    }
  })
  return { ...result, summary }
}

import type { Meta, StoryObj } from '@storybook/react-vite'
import { RecognitionTable } from '../components/RecognitionTable'
import { YAW_FLUCTUATION } from '../experiments/fluctuation'
import { SCENE_OBJECTS } from '../experiments/objects'
import { summarised, type RecognitionAnswer, type RecognitionImage, type RecognitionResult } from '../experiments/RecognitionRun'

/** Synthetic answers: the first model knows most objects and decides cue conflicts by texture, the second by shape more often. */
function syntheticResult(): RecognitionResult {
  const names = SCENE_OBJECTS.map((o) => o.name)
  const answer = (right: boolean, object: string, wrong: string, k: number, texture?: { right: boolean; name: string }): RecognitionAnswer => {
    const first = right ? object : texture?.right ? texture.name : wrong
    const labels = [first, ...['pinwheel', 'soccer ball', 'golf ball', object].filter((l) => l !== first)].slice(0, 5)
    const rank = labels.indexOf(object) + 1 || null
    return { top5: labels.map((_, i) => (k * 7 + i) % 1000), labels, rank, ...(texture ? { textureRank: labels.indexOf(texture.name) + 1 || null } : {}) }
  }
  const images: RecognitionImage[] = []
  SCENE_OBJECTS.forEach((o, k) => {
    images.push({ view: 'default', object: o.name, yaw: 50, pitch: 12, answers: [answer(k % 4 !== 3, o.name, 'pinwheel', k), answer(k % 3 !== 2, o.name, 'soccer ball', k)] })
    for (const pitch of YAW_FLUCTUATION.pitches) for (const [y, yaw] of YAW_FLUCTUATION.yaws.entries()) images.push({ view: 'yaw', object: o.name, yaw, pitch, answers: [answer((k + y) % 5 !== 0, o.name, 'pinwheel', k + y), answer((k + y) % 3 !== 0, o.name, 'golf ball', k + y)] })
    const partner = SCENE_OBJECTS.find((p) => p.pair === o.pair && p.end !== o.end)!.name
    images.push({ view: 'cue-conflict', object: o.name, texture: partner, yaw: 50, pitch: 12, answers: [answer(k % 5 === 0, o.name, 'pinwheel', k, { right: true, name: partner }), answer(k % 2 === 0, o.name, 'pinwheel', k, { right: false, name: partner })] })
  })
  return summarised({
    format: 'perturber-recognition',
    version: 1,
    models: [
      { role: 'model1', name: 'ImageNet model A' },
      { role: 'model2', name: 'ImageNet model B' },
    ],
    objects: SCENE_OBJECTS.map((o) => ({ name: o.name, background: o.background })),
    images,
    summary: [],
  })
}

/**
 * A recognition check as the app's experiment section and `npm run experiment -- recognition` show
 * it: per object and model, the default view's top-1 class (✓ when of the object's family), the
 * yaw sweep's top-5 rate and which cue wins the cue conflict. Synthetic answers.
 */
const meta: Meta<typeof RecognitionTable> = {
  title: 'App/RecognitionTable',
  component: RecognitionTable,
  tags: ['autodocs'],
}
export default meta

export const TwoModels: StoryObj<typeof RecognitionTable> = { args: { result: syntheticResult() } }

/** A synthetic stand-in for a render: the object's hue as a disc on its background (or plain grey, for a cue conflict). */
function syntheticThumbnail(k: number, conflict: boolean) {
  const size = 48
  const data = new Uint8ClampedArray(size * size * 4)
  const hue = (k * 0.37) % 1
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = Math.hypot(x - size / 2, y - size / 2) < size / 3
      const rgb = inside ? [0, 1 / 3, 2 / 3].map((o) => 128 + 110 * Math.cos(2 * Math.PI * (hue + o))) : conflict ? [128, 128, 128] : [90 + y * 2, 140, 200 - y * 2]
      data.set([...rgb, 255], (y * size + x) * 4)
    }
  return { width: size, height: size, data }
}

/** With `thumbnail` (the run's `RecognitionRun.thumbnail`, from `thumbnailSize`): what the models were shown. */
export const WithThumbnails: StoryObj<typeof RecognitionTable> = {
  args: {
    result: syntheticResult(),
    thumbnail: (object, view) => syntheticThumbnail(SCENE_OBJECTS.findIndex((o) => o.name === object), view === 'cue-conflict'),
  },
}

/**
 * A quick check, `startRecognition(session, { yawSweep: false })`: the default views and cue
 * conflicts only (20 images instead of 160); the yaw column shows a dash.
 */
export const WithoutYawSweep: StoryObj<typeof RecognitionTable> = {
  args: { result: (() => {
    const full = syntheticResult()
    return summarised({ ...full, images: full.images.filter((i) => i.view !== 'yaw') })
  })() },
}

import type { Meta, StoryObj } from '@storybook/react-vite'
import { YawFluctuationFigure } from '../components/YawFluctuationFigure'
import { YAW_FLUCTUATION, fluctuationScore, logitStd, topClasses } from '../experiments/fluctuation'
import { SCENE_OBJECTS } from '../experiments/objects'
import { withSummary, type YawFluctuationResult, type YawPrototype } from '../experiments/YawFluctuationRun'

/**
 * A synthetic result, scored by the real eq. 7.2: ten-class logits whose true class fades as the
 * camera turns away from the prototype, faster for the second model on some objects.
 */
function syntheticResult(): YawFluctuationResult {
  const { yaws, prototypeYawIndex, pitches, distances, topK } = YAW_FLUCTUATION
  const objects = SCENE_OBJECTS.map((o) => o.name)
  const prototypes: YawPrototype[] = []
  objects.forEach((object, o) => {
    for (const pitch of pitches)
      for (const distance of distances)
        for (const model of [0, 1]) {
          const turn = (0.02 + 0.01 * ((o * 7 + model * 3) % 5)) * (1 + (model && o % 3 !== 0 ? 0.6 : 0)) * (distance / 3.6) * (1 + pitch / 60)
          const views = yaws.map((yaw) => Array.from({ length: 10 }, (_, c) => (c === o ? 6 - turn * Math.abs(yaw - yaws[prototypeYawIndex]) : Math.sin(c * 1.7 + o + yaw / 40) + 0.02 * yaw * ((c % 3) - 1))))
          const prototype = views[prototypeYawIndex]
          const classes = topClasses(prototype, topK)
          prototypes.push({ object, model, pitch, distance, classes, labels: classes.map((c) => objects[c]), logitStd: logitStd(prototype), logits: views.map((v) => classes.map((c) => v[c])), score: fluctuationScore(prototype, views, topK), recognised: classes[0] === o })
        }
  })
  return withSummary({
    format: 'perturber-yaw-fluctuation',
    version: 1,
    design: YAW_FLUCTUATION,
    background: { kind: 'hdri', id: 'park' },
    models: [
      { role: 'model1', name: 'ZooNet standard' },
      { role: 'model2', name: 'ZooNet adversarial' },
    ],
    objects,
    prototypes,
    summary: [],
  })
}

/**
 * The yaw fluctuation experiment (Perturber thesis §7.3.1, Figure 7.4) as the app's experiment
 * section and `npm run experiment -- yaw-fluctuation` draw it: per object, each model's mean score
 * over its four prototypes with ±1 standard deviation, and how many prototypes each model
 * recognised. Synthetic logits, scored by the real eq. 7.2.
 */
const meta: Meta<typeof YawFluctuationFigure> = {
  title: 'App/YawFluctuationFigure',
  component: YawFluctuationFigure,
  tags: ['autodocs'],
}
export default meta

export const TenObjectsTwoModels: StoryObj<typeof YawFluctuationFigure> = { args: { result: syntheticResult() } }

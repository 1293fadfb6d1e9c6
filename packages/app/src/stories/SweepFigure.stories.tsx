import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { SweepFigure } from '../components/SweepFigure'
import { defaultAppState } from '../state/appState'
import { sweepSamples } from '../sweep/samples'
import type { SweepDesign, SweepResult } from '../sweep/types'

/** A synthetic result: P(dog) and P(cat) of two models over the design (the standard model drops off the dog sooner). */
function syntheticResult(design: SweepDesign): SweepResult {
  const models = [
    { role: 'model1' as const, name: 'ZooNet standard', classes: [0, 1], labels: ['dog', 'cat'] },
    { role: 'model2' as const, name: 'ZooNet adversarial', classes: [0, 1], labels: ['dog', 'cat'] },
  ]
  const samples = sweepSamples(design).map((s) => ({
    ...s,
    models: models.map((_, m) => {
      const yaw = s.values[0] / 70
      const blur = s.values[1] ?? 0
      const dog = Math.fround(1 / (1 + Math.exp(6 * (Math.abs(yaw) - (m ? 0.9 : 0.6)) + blur * (m ? 0.8 : 1.6))))
      return { probabilities: [dog, Math.fround(1 - dog)], logits: [Math.fround(Math.log(dog)), Math.fround(Math.log(1 - dog))], top: dog > 0.5 ? [0, 1] : [1, 0] }
    }),
  }))
  return { format: 'perturber-sweep', version: 1, spec: { version: 1, design, record: {}, base: defaultAppState() }, models, samples, total: samples.length }
}

const yaw = { target: { kind: 'scene' as const, param: 'yaw' as const }, from: -70, to: 70, steps: 15 }

function FigureStory({ design }: { design: SweepDesign }) {
  const [picked, setPicked] = useState<number | null>(null)
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <SweepFigure result={syntheticResult(design)} onPick={setPicked} />
      <span>picked sample: {picked ?? 'none'} (the app moves the live scene there)</span>
    </div>
  )
}

/**
 * A sweep's result as the app's sweep section and `npm run experiment` draw it: tuning curves for
 * one parameter, heatmaps side by side for two; the picker chooses the class (probability or
 * logit) or a recorded channel. Synthetic numbers.
 */
const meta: Meta<typeof FigureStory> = {
  title: 'App/SweepFigure',
  component: FigureStory,
  tags: ['autodocs'],
}
export default meta

export const TuningCurve: StoryObj<typeof FigureStory> = { args: { design: { kind: 'grid', axes: [yaw] } } }

export const TwoParameters: StoryObj<typeof FigureStory> = {
  args: { design: { kind: 'grid', axes: [{ ...yaw, steps: 10 }, { target: { kind: 'perturbation', id: 'gaussian-blur', param: 'sigma' }, from: 0, to: 3, steps: 6 }] } },
}

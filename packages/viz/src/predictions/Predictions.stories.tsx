import type { Meta, StoryObj } from '@storybook/react-vite'
import { Predictions } from './Predictions'
import { labelsWithPlaceholderExamples, robustModelPredictions, standardModelPredictions } from '../stories/fixtures'
import { modelColors, modelRoleLabels } from '../controls/modelColors'
import { imagenetLabels } from '@perturber/model-runtime'

type Args = { values: 'logits' | 'probabilities'; currentFrameId: number; model2FrameId: number; examples: boolean }

/**
 * Two models on a smooth, untextured dog, in the spirit of the thesis' Figure 1.3 (numbers made
 * up): the standard model sees a piggy bank, the shape-biased one a husky. Example images are
 * placeholders (no example set ships yet); hover a row to swap the image.
 */
function PredictionsStory({ values, currentFrameId, model2FrameId, examples }: Args) {
  const labels = examples ? labelsWithPlaceholderExamples : imagenetLabels
  return (
    <Predictions
      values={values}
      currentFrameId={currentFrameId}
      models={[
        { id: 'model1', label: modelRoleLabels.model1, color: modelColors.model1, predictions: standardModelPredictions, frameId: currentFrameId, labels },
        { id: 'model2', label: modelRoleLabels.model2, color: modelColors.model2, predictions: robustModelPredictions, frameId: model2FrameId, labels },
      ]}
    />
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Predictions',
  component: PredictionsStory,
  args: { values: 'probabilities', currentFrameId: 12, model2FrameId: 12, examples: true },
  argTypes: { values: { control: 'inline-radio', options: ['logits', 'probabilities'] } },
  parameters: {
    docs: {
      description: {
        component:
          'Top-5 per model, bars normalised to the largest value shown, numbers in the bars. A badge marks a model whose result belongs to an older frame than the one on screen.\n\n```tsx\n<Predictions currentFrameId={frameId} models={[{ id: "m1", label: "Model 1", color: "#1f5fa8",\n  predictions: result.models[0].predictions, frameId: result.frameId, labels: model.descriptor.labels }]} />\n```',
      },
    },
  },
}
export default meta

export const Probabilities: StoryObj<Args> = {}
export const Logits: StoryObj<Args> = { args: { values: 'logits' } }
/** Model 2's numbers are three frames old: the inference has not caught up. */
export const OlderFrame: StoryObj<Args> = { args: { model2FrameId: 9 } }
export const WithoutExamples: StoryObj<Args> = { args: { examples: false } }

import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import type { LabelSet, Prediction } from '@perturber/model-runtime'
import { installPointerEvent } from '../testing/pointerEvents'
import { ModelPredictions } from './ModelPredictions'
import { Predictions } from './Predictions'

installPointerEvent()
afterEach(cleanup)

const names = ['golden retriever', 'Labrador retriever', 'tennis ball', 'kuvasz', 'Great Pyrenees']
const predictions: Prediction[] = [
  { labelIndex: 207, label: names[0], logit: 8, probability: 0.5 },
  { labelIndex: 208, label: names[1], logit: 6, probability: 0.25 },
  { labelIndex: 852, label: names[2], logit: 4, probability: 0.1 },
  { labelIndex: 222, label: names[3], logit: 2, probability: 0.05 },
  { labelIndex: 257, label: names[4], logit: -1, probability: 0.04 },
]
const labels: LabelSet = { id: 'test', names: [], example: (i) => (i === 852 ? undefined : `/examples/${i}.jpg`) }

const barWidths = (scope: HTMLElement = document.body) => within(scope).getAllByTestId('prediction-bar').map((bar) => bar.style.width)
const rowTexts = (scope: HTMLElement = document.body) => within(scope).getAllByRole('listitem').map((li) => li.textContent)

describe('Predictions', () => {
  it('shows probabilities as bars proportional to value / max, with the numbers', () => {
    render(<ModelPredictions predictions={predictions} />)
    expect(barWidths()).toEqual(['100%', '50%', '20%', '10%', '8%'])
    expect(rowTexts()).toEqual(['golden retriever50.0%', 'Labrador retriever25.0%', 'tennis ball10.0%', 'kuvasz5.0%', 'Great Pyrenees4.0%'])
  })

  it('toggles to logits, re-normalising to the largest logit shown', () => {
    const onValuesChange = vi.fn()
    render(<Predictions models={[{ id: 'm1', label: 'Model 1', color: '#1f5fa8', predictions }]} onValuesChange={onValuesChange} />)
    fireEvent.click(screen.getByRole('radio', { name: 'Logits' }))
    expect(onValuesChange).toHaveBeenCalledWith('logits')
    expect(barWidths()).toEqual(['100%', '75%', '50%', '25%', '12.5%'])
    expect(rowTexts()[0]).toBe('golden retriever8.00')
    expect(rowTexts()[4]).toBe('Great Pyrenees-1.00')
    fireEvent.click(screen.getByRole('radio', { name: 'Probabilities' }))
    expect(barWidths()[1]).toBe('50%')
  })

  it('follows a controlled value kind', () => {
    const { rerender } = render(<Predictions models={[{ id: 'm1', label: 'M', color: '#000', predictions }]} values="logits" />)
    expect(barWidths()[1]).toBe('75%')
    fireEvent.click(screen.getByRole('radio', { name: 'Probabilities' })) // no handler: stays controlled
    expect(barWidths()[1]).toBe('75%')
    rerender(<Predictions models={[{ id: 'm1', label: 'M', color: '#000', predictions }]} values="probabilities" />)
    expect(barWidths()[1]).toBe('50%')
  })

  it('illustrates the top class, and the hovered class while a row is hovered', () => {
    render(<ModelPredictions predictions={predictions} labels={labels} />)
    const example = () => screen.queryByRole('img')
    expect(example()!.getAttribute('src')).toBe('/examples/207.jpg')
    expect(example()!.getAttribute('alt')).toBe('Example of golden retriever')
    const rows = screen.getAllByRole('listitem')
    fireEvent.pointerEnter(rows[3])
    expect(example()!.getAttribute('src')).toBe('/examples/222.jpg')
    expect(example()!.getAttribute('alt')).toBe('Example of kuvasz')
    fireEvent.pointerEnter(rows[2]) // tennis ball has no example: a blank, named placeholder
    expect(example()).toBeNull()
    expect(screen.getByRole('figure').textContent).toBe('tennis ball')
    fireEvent.pointerLeave(screen.getByRole('list'))
    expect(example()!.getAttribute('src')).toBe('/examples/207.jpg')
  })

  it('shows no example image when the label set has none', () => {
    render(<ModelPredictions predictions={predictions} labels={{ id: 'plain', names }} />)
    expect(screen.queryByRole('img')).toBeNull()
    expect(screen.queryByRole('figure')).toBeNull()
  })

  it('marks predictions that belong to an older frame than the one on screen', () => {
    const { rerender } = render(<ModelPredictions predictions={predictions} frameId={9} currentFrameId={12} />)
    expect(screen.getByRole('status').textContent).toBe('frame 12 · showing frame 9')
    rerender(<ModelPredictions predictions={predictions} frameId={12} currentFrameId={12} />)
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('puts the models side by side, each in its colour, each with its own marker', () => {
    render(
      <Predictions
        currentFrameId={5}
        models={[
          { id: 'm1', label: 'Model 1', color: '#1f5fa8', predictions, frameId: 5 },
          { id: 'm2', label: 'Model 2', color: '#6aaee6', predictions: predictions.slice(1), frameId: 4 },
          { id: 'edited', label: 'Edited Model', color: '#e3b21c', error: 'The edited model failed to run.' },
        ]}
      />,
    )
    const m1 = screen.getByRole('region', { name: 'Predictions of Model 1' })
    const m2 = screen.getByRole('region', { name: 'Predictions of Model 2' })
    expect(m1.style.borderTop).toBe('3px solid rgb(31, 95, 168)')
    expect(within(m1).getByText('Model 1').style.color).toBe('rgb(31, 95, 168)')
    expect(within(m1).queryByRole('status')).toBeNull()
    expect(within(m2).getByRole('status').textContent).toBe('frame 5 · showing frame 4')
    expect(barWidths(m2)).toEqual(['100%', '40%', '20%', '16%'])
    expect(within(screen.getByRole('region', { name: 'Predictions of Edited Model' })).getByRole('alert').textContent).toBe('The edited model failed to run.')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { TwoModels } from '../stories/BackgroundDependenceFigure.stories'
import type { BackgroundDependenceResult } from '../experiments/BackgroundDependenceRun'
import { BackgroundDependenceFigure } from './BackgroundDependenceFigure'

afterEach(cleanup)

const result = TwoModels.args!.result as BackgroundDependenceResult

describe('BackgroundDependenceFigure', () => {
  it('tables each model’s counts per condition and the own − other gap, and marks chance on the chart', () => {
    render(<BackgroundDependenceFigure result={result} />)
    const figure = screen.getByRole('figure', { name: 'Background dependence' })
    const rows = within(within(figure).getByRole('table', { name: 'Accuracy per condition' })).getAllByRole('row').slice(1)
    rows.forEach((row, m) => {
      const expected = result.tables[m].rows.map((r) => `${(r.accuracy * 100).toFixed(1)} % (${r.correct}/${r.total})`)
      expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([...expected, `${(result.tables[m].backgroundGap * 100).toFixed(1)} points`])
    })
    // counted by hand from the images: the own-background row of the second model
    const own = result.images.filter((i) => i.condition === 'own')
    const right = own.filter((i) => i.familyScores[1].indexOf(Math.max(...i.familyScores[1])) === i.object).length
    expect(result.tables[1].rows[0]).toMatchObject({ condition: 'own', correct: right, total: own.length })
    expect(Array.from(figure.querySelectorAll('title')).map((t) => t.textContent)).toContain('chance: 10 %')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { TenObjectsTwoModels } from '../stories/YawFluctuationFigure.stories'
import type { YawFluctuationResult } from '../experiments/YawFluctuationRun'
import { YawFluctuationFigure } from './YawFluctuationFigure'

afterEach(cleanup)

const result = TenObjectsTwoModels.args!.result as YawFluctuationResult

describe('YawFluctuationFigure', () => {
  it('draws a bar per object and model titled with its mean ± std, and counts the prototypes each model recognised', () => {
    render(<YawFluctuationFigure result={result} />)
    const figure = screen.getByRole('figure', { name: 'Yaw fluctuation' })
    const row = (object: string, model: number) => result.summary.find((r) => r.object === object && r.model === model)!
    const titles = Array.from(figure.querySelectorAll('title')).map((t) => t.textContent)
    expect(titles.filter((t) => t?.includes(' · '))).toHaveLength(20)
    const [mean, std] = /^dog · ZooNet adversarial: ([\d.]+) ± ([\d.]+)$/.exec(titles.find((t) => t?.startsWith('dog · ZooNet adversarial')) ?? '')!.slice(1).map(Number)
    expect(mean).toBeCloseTo(row('dog', 1).mean, 2)
    expect(std).toBeCloseTo(row('dog', 1).std, 2)
    const table = within(figure).getByRole('table', { name: 'Prototypes recognised' })
    const cells = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))
    const counts = (model: number) => result.objects.map((o) => `${result.prototypes.filter((p) => p.object === o && p.model === model && p.recognised).length}/4`)
    expect(cells).toEqual([counts(0), counts(1)])
  })

  it('says so when there is nothing to show yet', () => {
    render(<YawFluctuationFigure result={{ ...result, prototypes: [], summary: [] }} />)
    expect(screen.getByText('No prototypes yet.')).toBeTruthy()
  })
})

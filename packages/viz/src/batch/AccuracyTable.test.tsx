import { describe, expect, it } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import { setupFakeCanvas } from '../testing/fakeCanvas'
import { AccuracyTable, formatAccuracy } from './AccuracyTable'

setupFakeCanvas()

describe('AccuracyTable', () => {
  it('shows each rate as a percentage with its counts, and a dash where there is nothing to count', () => {
    render(
      <AccuracyTable
        caption="Top-1 accuracy"
        columns={['clean', 'current (Hue)']}
        rows={[
          { label: 'Model 1: standard', color: '#1f5fa8', cells: [{ correct: 800, total: 800 }, { correct: 612, total: 800 }] },
          { label: 'Model 2: adversarial', cells: [{ correct: 799, total: 800 }, { correct: 0, total: 0 }] },
        ]}
      />,
    )
    const table = screen.getByRole('table', { name: 'Top-1 accuracy' })
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Model', 'clean', 'current (Hue)'])
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Model 1: standard', 'Model 2: adversarial'])
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['100.0 %800 / 800', '76.5 %612 / 800'],
      ['99.9 %799 / 800', '–0 / 0'],
    ])
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.dataset.rate)).toEqual(['0.99875', undefined])
    expect(rows[0].querySelectorAll('[data-swatch]')).toHaveLength(1)
  })

  it('formats with the digits asked for', () => {
    expect(formatAccuracy({ correct: 1, total: 3 }, 2)).toBe('33.33 %')
    expect(formatAccuracy(null)).toBe('–')
  })
})

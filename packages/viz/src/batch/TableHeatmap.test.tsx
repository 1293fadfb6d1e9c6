import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TableHeatmap } from './TableHeatmap'

describe('TableHeatmap', () => {
  it('colours each cell by its value over the domain (viridis ends), keeps the numbers, and marks missing ones', () => {
    render(<TableHeatmap caption="Errors" columns={['1', '2', '3']} rows={[{ label: 'Fog', note: 'held out', values: [0, 0.5, null] }]} domain={[0, 0.5]} />)
    const table = screen.getByRole('table', { name: /Errors/ })
    const cells = within(table).getAllByRole('cell')
    expect(cells.map((c) => c.textContent)).toEqual(['0.0 %', '50.0 %', '–'])
    // 0 is viridis' dark end (white text), 0.5 the top of this domain: its light end (dark text)
    expect([cells[0].style.background, cells[0].style.color]).toEqual(['rgb(68, 1, 84)', 'rgb(255, 255, 255)'])
    expect([cells[1].style.background, cells[1].style.color]).toEqual(['rgb(253, 231, 37)', 'rgb(17, 17, 17)'])
    expect(within(table).getByRole('rowheader').textContent).toBe('Fog (held out)')
  })
})

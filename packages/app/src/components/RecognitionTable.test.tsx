import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { TwoModels } from '../stories/RecognitionTable.stories'
import type { RecognitionResult } from '../experiments/RecognitionRun'
import { RecognitionTable } from './RecognitionTable'

afterEach(cleanup)

const result = TwoModels.args!.result as RecognitionResult

describe('RecognitionTable', () => {
  it('per object and model: the default view’s answer, the yaw top-5 count and the cue that won', () => {
    render(<RecognitionTable result={result} />)
    const table = screen.getByRole('table', { name: 'Recognition per object' })
    const rows = within(table).getAllByRole('row').slice(2)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(result.objects.map((o) => o.name))
    const cells = (object: number) => within(rows[object]).getAllByRole('cell').map((c) => c.textContent)
    // the dog: both models right; the race car (k = 3): the first model says pinwheel, the race car fourth
    expect(cells(0)[0]).toBe('✓ dog')
    expect(cells(3)[0]).toBe('#4 pinwheel')
    const yawHits = (object: string, m: number) => result.images.filter((i) => i.view === 'yaw' && i.object === object && i.answers[m].rank !== null).length
    expect(cells(0)[1]).toBe(`${yawHits('dog', 0)}/14`)
    expect(cells(0)[4]).toBe(`${yawHits('dog', 1)}/14`)
    // cue conflicts: the first model takes the dog's shape (k = 0) and the cat's partner texture (k = 1)
    expect(cells(0)[2]).toBe('shape (dog)')
    expect(cells(1)[2]).toBe('texture (dog)')
    expect(result.summary[0].shape + result.summary[0].texture + result.summary[0].neither).toBe(10)
  })
})

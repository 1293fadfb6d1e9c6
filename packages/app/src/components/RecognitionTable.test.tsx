import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { TwoModels, WithoutYawSweep, WithThumbnails } from '../stories/RecognitionTable.stories'
import type { RecognitionResult } from '../experiments/RecognitionRun'
import { recognitionSummaryText } from '../experiments/recognitionCsv'
import { RecognitionTable } from './RecognitionTable'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

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

  it('without a yaw sweep (yawSweep: false): a dash in its column and in the summary, the rest as before', () => {
    const quick = WithoutYawSweep.args!.result as RecognitionResult
    expect(quick.images.filter((i) => i.view === 'yaw')).toEqual([])
    render(<RecognitionTable result={quick} />)
    const rows = within(screen.getByRole('table', { name: 'Recognition per object' })).getAllByRole('row').slice(2)
    const cells = within(rows[0]).getAllByRole('cell').map((c) => c.textContent)
    expect([cells[0], cells[1], cells[2], cells[4]]).toEqual(['✓ dog', '—', 'shape (dog)', '—'])
    expect(quick.summary[0]).toMatchObject({ yawTop5: 0, yawViews: 0, defaultTop1: result.summary[0].defaultTop1 })
    expect(recognitionSummaryText(quick).split('\n')[0]).toMatch(/; no yaw sweep; cue conflicts: shape \d+, texture \d+, neither \d+$/)
    expect(recognitionSummaryText(result).split('\n')[0]).toMatch(/; yaw sweep top-5 \d+\/140 \(\d+ %\); /)
  })

  it('with thumbnails: a column with each object’s default view and cue conflict, named for what they show', () => {
    // jsdom has no 2D context: the thumbnails paint nothing, quietly (what they paint is the viz package's test)
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const image = (v: number) => ({ width: 2, height: 2, data: new Uint8ClampedArray(16).fill(v) })
    const asked: string[] = []
    render(<RecognitionTable result={result} thumbnail={(object, view) => (asked.push(`${view}:${object}`), object === 'cat' && view === 'cue-conflict' ? undefined : image(200))} thumbnailSize={40} />)
    const table = screen.getByRole('table', { name: 'Recognition per object' })
    const rows = within(table).getAllByRole('row').slice(2)
    expect(within(rows[0]).getAllByRole('img').map((i) => i.getAttribute('aria-label'))).toEqual(['The dog at the default view', 'The dog’s shape with the cat’s texture'])
    // a thumbnail not there (yet) leaves its place empty
    expect(within(rows[1]).getAllByRole('img').map((i) => i.getAttribute('aria-label'))).toEqual(['The cat at the default view'])
    expect((within(rows[0]).getAllByRole('img')[0] as HTMLCanvasElement).style.width).toBe('40px')
    expect(asked).toContain('cue-conflict:sailboat')
    // the models' columns come after it, as without thumbnails
    expect(within(rows[3]).getAllByRole('cell')[1].textContent).toBe('#4 pinwheel')
    cleanup()
    // the story: two images a row, ten rows
    render(<RecognitionTable {...(WithThumbnails.args as Parameters<typeof RecognitionTable>[0])} />)
    expect(within(screen.getByRole('table', { name: 'Recognition per object' })).getAllByRole('img')).toHaveLength(20)
  })
})

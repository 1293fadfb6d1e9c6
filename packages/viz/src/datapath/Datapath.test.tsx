import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { CriticalMapSets } from './CriticalMapSets'
import { LayerOverview } from './LayerOverview'

afterEach(cleanup)

const layers = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c'].map((name, i) => ({ name, block: name.startsWith('mixed4') ? 'm4' : undefined, stats: [1 - i / 10, 0.9 - i / 9] }))

describe('LayerOverview', () => {
  it('wraps the layers into rows that keep a block whole, with a dot per statistic, and selects a layer', () => {
    const onSelect = vi.fn()
    // 4 nodes fit a row (4 · 78 + 3 · 14 = 354 ≤ 360): mixed4a–c would be cut after mixed4a without the block term
    render(<LayerOverview layers={layers} statNames={['cosine', 'Jaccard']} width={360} lambda={1000} onSelect={onSelect} selected="mixed3b" />)
    const nodes = within(screen.getByRole('group', { name: 'Layers' })).getAllByRole('button')
    expect(nodes.map((n) => n.getAttribute('aria-label')!.split(':')[0])).toEqual(layers.map((l) => l.name))
    const rowOf = (name: string) => nodes.find((n) => n.getAttribute('aria-label')!.startsWith(`${name}:`))!.getAttribute('transform')!.split(',')[1]
    expect(new Set(['mixed4a', 'mixed4b', 'mixed4c'].map(rowOf)).size).toBe(1)
    expect(rowOf('conv2d0')).not.toBe(rowOf('mixed4a'))
    expect(nodes[0].getAttribute('aria-label')).toBe('conv2d0: cosine 1.00, Jaccard 0.90')
    expect(nodes[0].querySelectorAll('circle')).toHaveLength(2)
    expect(nodes[4].getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(nodes[6])
    expect(onSelect).toHaveBeenCalledWith('mixed4b')
  })
})

describe('CriticalMapSets', () => {
  const values = Float32Array.from({ length: 200 }, (_, c) => c / 200)
  it('shows only-A, shared and only-B with their counts, clusters a crowded region, and selects a map', () => {
    const onSelect = vi.fn()
    const a = { name: 'clean', color: '#1f5fa8', critical: [1, 2, 3, 4], values }
    const b = { name: 'attacked', color: '#a4262c', critical: [3, 4, ...Array.from({ length: 100 }, (_, i) => 100 + i)], values }
    render(<CriticalMapSets sets={[a, b]} maxCells={10} onSelect={onSelect} />)
    const regions = screen.getAllByRole('list').map((r) => r.getAttribute('aria-label'))
    expect(regions).toEqual(['only clean: 2 maps', 'shared: 2 maps', 'only attacked: 100 maps'])
    const onlyB = within(screen.getByRole('list', { name: 'only attacked: 100 maps' })).getAllByRole('listitem')
    expect(onlyB.length).toBeLessThanOrEqual(10)
    expect(onlyB.reduce((n, cell) => n + Number(/^(\d+) maps/.exec(cell.getAttribute('aria-label')!)?.[1] ?? 1), 0)).toBe(100)
    const single = within(screen.getByRole('list', { name: 'only clean: 2 maps' })).getAllByRole('listitem')
    expect(single.map((c) => c.getAttribute('aria-label'))).toEqual(['map 2: importance 0.010', 'map 1: importance 0.005'])
    fireEvent.click(single[0])
    expect(onSelect).toHaveBeenCalledWith(2)
  })
})

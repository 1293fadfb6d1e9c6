import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { formatValue, parseCompleteNumber, stepDecimals } from './format'
import { NumberField } from './NumberField'
import { ParamSlider } from './ParamSlider'
import { SearchableSelect, filterOptions } from './SearchableSelect'

afterEach(cleanup)

describe('number formatting', () => {
  it('shows as many decimals as the step needs', () => {
    expect([1, 0.5, 0.01, 0.05, 0.005, 0.1 + 0.2].map(stepDecimals)).toEqual([0, 1, 2, 2, 3, 1])
    expect(formatValue(8 / 255, 1 / 255, 255, '/255')).toBe('8/255')
    expect(formatValue(0.3, 0.01)).toBe('0.30')
  })

  it('accepts only complete numbers', () => {
    expect(['', '-', '0.', '1e', '.', 'abc'].map(parseCompleteNumber)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
    expect(['0.5', '-2', '.25', '1e-3', ' 7 '].map(parseCompleteNumber)).toEqual([0.5, -2, 0.25, 0.001, 7])
  })
})

describe('NumberField', () => {
  it('keeps a partly typed number and reports complete ones, clamped', () => {
    const onChange = vi.fn()
    render(<NumberField label="Sigma" value={1} min={0} max={8} step={0.05} onChange={onChange} />)
    const box = screen.getByRole('spinbutton', { name: 'Sigma' }) as HTMLInputElement
    expect(box.value).toBe('1.00')
    fireEvent.change(box, { target: { value: '-' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(box, { target: { value: '-3' } })
    expect(onChange).toHaveBeenLastCalledWith(0)
    fireEvent.change(box, { target: { value: '2.35' } })
    expect(onChange).toHaveBeenLastCalledWith(2.35)
    fireEvent.blur(box)
    expect(box.value).toBe('1.00') // the controlled value, which the parent did not change
  })
})

describe('ParamSlider', () => {
  it('is a native slider with the schema range, a spoken value and a reset that is off at the default', () => {
    const onChange = vi.fn()
    const { rerender } = render(<ParamSlider label="Hue" value={0.25} min={-0.5} max={0.5} step={0.01} defaultValue={0} onChange={onChange} />)
    const slider = screen.getByRole('slider', { name: 'Hue' }) as HTMLInputElement
    expect([slider.min, slider.max, slider.step, slider.value, slider.getAttribute('aria-valuetext')]).toEqual(['-0.5', '0.5', '0.01', '0.25', '0.25'])
    fireEvent.change(slider, { target: { value: '-0.1' } })
    expect(onChange).toHaveBeenLastCalledWith(-0.1)
    fireEvent.click(screen.getByRole('button', { name: 'Reset Hue' }))
    expect(onChange).toHaveBeenLastCalledWith(0)
    rerender(<ParamSlider label="Hue" value={0} min={-0.5} max={0.5} step={0.01} defaultValue={0} onChange={onChange} />)
    expect(screen.getByRole('button', { name: 'Reset Hue' })).toHaveProperty('disabled', true)
  })
})

describe('SearchableSelect', () => {
  const options = Array.from({ length: 120 }, (_, i) => ({ id: String(i), label: `${i}: class ${i % 2 ? 'odd' : 'even'}` }))

  it('matches every word of the query, in any order and case', () => {
    expect(filterOptions(options, 'ODD 11').map((o) => o.id)).toEqual(['11', '111', '113', '115', '117', '119'])
    expect(filterOptions(options, '  ')).toHaveLength(120)
  })

  it('lists whole-word matches before word-prefix and inner matches', () => {
    const labels = ['30: bullfrog, Rana catesbeiana', '281: tabby, tabby cat', '484: catamaran', '282: tiger cat', '5: bobcat']
    const ranked = filterOptions(labels.map((label, i) => ({ id: String(i), label })), 'cat')
    expect(ranked.map((o) => o.label)).toEqual(['281: tabby, tabby cat', '282: tiger cat', '30: bullfrog, Rana catesbeiana', '484: catamaran', '5: bobcat'])
  })

  it('lists at most maxResults matches and says how many more there are', () => {
    render(<SearchableSelect label="Class" options={options} value="3" onChange={() => {}} maxResults={10} />)
    const box = screen.getByRole('combobox', { name: 'Class' })
    fireEvent.change(box, { target: { value: 'even' } })
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(10)
    expect(screen.getByText('50 more; keep typing to narrow.')).toBeTruthy()
    fireEvent.change(box, { target: { value: 'nothing' } })
    expect(screen.queryAllByRole('option')).toHaveLength(0)
    expect(screen.getByText('No match for “nothing”.')).toBeTruthy()
  })
})

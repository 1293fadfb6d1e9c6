import { describe, expect, it } from 'vitest'
import { testMaps } from '../testing/fakeCanvas'
import { activationAt, cellAtPointer, formatActivation, mapOffset } from './mapLookup'

describe('map lookup', () => {
  const maps = testMaps([3, 7], 2, 3, [[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]], 1)

  it('finds a channel in channel-major data', () => {
    expect(mapOffset(maps, 3)).toBe(0)
    expect(mapOffset(maps, 7)).toBe(6)
    expect(mapOffset(maps, 5)).toBe(-1)
    expect(activationAt(maps, 7, { x: 2, y: 1 })).toBe(15)
    expect(activationAt(maps, 3, { x: 1, y: 0 })).toBe(1)
    expect(activationAt(maps, 3, { x: 3, y: 0 })).toBeUndefined()
    expect(activationAt(maps, 5, { x: 0, y: 0 })).toBeUndefined()
  })

  it('turns a pointer position into a map cell at any CSS scale', () => {
    const rect = { left: 10, top: 20, width: 96, height: 64 } // 3×2 map at 32 px per cell
    expect(cellAtPointer(10, 20, rect, 3, 2)).toEqual({ x: 0, y: 0 })
    expect(cellAtPointer(10 + 95.9, 20 + 63.9, rect, 3, 2)).toEqual({ x: 2, y: 1 })
    expect(cellAtPointer(10 + 64, 20 + 31.9, rect, 3, 2)).toEqual({ x: 2, y: 0 })
    expect(cellAtPointer(10 + 63.9, 20 + 32, rect, 3, 2)).toEqual({ x: 1, y: 1 })
    expect(cellAtPointer(9, 30, rect, 3, 2)).toBeNull()
    expect(cellAtPointer(10 + 96, 30, rect, 3, 2)).toBeNull()
    expect(cellAtPointer(0, 0, { left: 0, top: 0, width: 0, height: 0 }, 3, 2)).toBeNull()
  })

  it('formats values with three significant digits', () => {
    expect(formatActivation(0)).toBe('0')
    expect(formatActivation(1.23456)).toBe('1.23')
    expect(formatActivation(-0.0456789)).toBe('-0.0457')
    expect(formatActivation(123456)).toBe('1.23e+5')
    expect(formatActivation(0.0001234)).toBe('1.23e-4')
  })
})

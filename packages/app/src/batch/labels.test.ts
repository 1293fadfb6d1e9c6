import { describe, expect, test } from 'vitest'
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js'
import { fileStem, labelCandidates, labelMatcher, matchLabel, normalizeLabel } from './labels'

const zoo = ['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat']
const imagenet = Array.from({ length: 1000 }, (_, i) => IMAGENET_CLASSES[i])

describe('label names', () => {
  test('normalise case, separators, copy marks, numbers and accents', () => {
    expect(normalizeLabel('dog_001')).toBe('dog')
    expect(normalizeLabel('Fire-Truck_003')).toBe('fire truck')
    expect(normalizeLabel('tabby cat (2)')).toBe('tabby cat')
    expect(normalizeLabel('dog001')).toBe('dog')
    expect(normalizeLabel('  Café  au   lait ')).toBe('cafe au lait')
    expect(normalizeLabel('IMG_20240101_1234')).toBe('img')
    expect(normalizeLabel('0001')).toBe('')
    expect(normalizeLabel('tabby, tabby cat')).toBe('tabby tabby cat')
  })

  test('stems and candidates: the parent folder first, then the file name', () => {
    expect(fileStem('dog_001.png')).toBe('dog_001')
    expect(fileStem('.hidden')).toBe('.hidden')
    expect(fileStem('archive.tar.gz')).toBe('archive.tar')
    expect(labelCandidates('pets/dog/0001.jpg')).toEqual(['dog', '0001'])
    expect(labelCandidates('cat_07.png')).toEqual(['cat_07'])
    expect(labelCandidates('photos\\macaw.webp')).toEqual(['photos', 'macaw'])
  })
})

describe('matching names to a model\'s classes', () => {
  test('zoo classes: folder names, file names, ids with dashes, plurals', () => {
    const m = labelMatcher(zoo)
    expect(m.match('dog')).toBe(0)
    expect(m.match('Fire-Truck')).toBe(2)
    expect(m.match('race_car_12')).toBe(3)
    expect(m.match('cats')).toBe(1)
    expect(m.match('coffee mugs')).toBe(5)
    expect(m.match('goldfishes')).toBe(6)
    expect(m.match('truck')).toBeNull()
    expect(m.match('0001')).toBeNull()
    expect(matchLabel(labelCandidates('my photos/sailboat (3).jpg'), m)).toEqual({ text: 'sailboat (3)', index: 9 })
    expect(matchLabel(labelCandidates('zoo/teapot/001.png'), m)).toEqual({ text: 'teapot', index: 4 })
    expect(matchLabel(labelCandidates('zoo/teapot/macaw.png'), m)).toEqual({ text: 'teapot', index: 4 }) // the folder wins
    expect(matchLabel(labelCandidates('holiday/IMG_0042.jpg'), m)).toBeNull()
  })

  test('ImageNet names: any synonym, the whole name, and ambiguous synonyms match nothing', () => {
    const m = labelMatcher(imagenet)
    expect(imagenet[281]).toBe('tabby, tabby cat')
    expect(m.match('tabby cat')).toBe(281)
    expect(m.match('tabby')).toBe(281)
    expect(m.match('Tabby_Cat_0042')).toBe(281)
    expect(m.match('tabby, tabby cat')).toBe(281)
    expect(m.match('goldfish')).toBe(1)
    expect(m.match('Carassius auratus')).toBe(1)
    expect(m.match('great white shark')).toBe(2)
    expect(m.match('man-eater')).toBe(2)
    // two classes are called "crane" (the bird and the machine): neither
    expect(imagenet[134].split(', ')).toContain('crane')
    expect(imagenet[517].split(', ')).toContain('crane')
    expect(m.match('crane')).toBeNull()
    expect(m.match('cat')).toBeNull()
  })

  test('a main name beats another class\'s secondary synonym of the same words', () => {
    const m = labelMatcher(['jaguar, car', 'car', 'panther, big cat', 'leopard, panther'])
    expect(m.match('car')).toBe(1)
    expect(m.match('panther')).toBe(2)
    expect(m.match('big cat')).toBe(2)
    expect(m.match('jaguar car')).toBe(0)
  })
})

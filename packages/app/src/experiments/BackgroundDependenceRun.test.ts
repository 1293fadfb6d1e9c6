import { describe, expect, it } from 'vitest'
import type { PerturberSession } from '../session/PerturberSession'
import { startBackgroundDependence } from './BackgroundDependenceRun'

/** A session showing one model with these class names (enough for the checks made before any work). */
function sessionWith(names: string[]): PerturberSession {
  const model = { descriptor: { name: 'Tiny', labels: { names } }, version: 0 }
  const state = { shown: [{ role: 'model1', model }], slots: { model1: { name: 'Tiny net' } } }
  return { store: { getState: () => state } } as unknown as PerturberSession
}

describe('the background experiment refuses, before any work', () => {
  it('a model whose classes match none of some object, naming the model and the objects', () => {
    const session = sessionWith(['dog', 'teapot', 'unicorn'])
    expect(() => startBackgroundDependence(session, { objects: ['dog', 'cat', 'macaw'] })).toThrow(
      'Tiny net\'s classes match none of these objects: cat, macaw (expected one of their ImageNet classes, e.g. "tabby", or a class named like the object).',
    )
  })

  it('fewer than two objects, or no camera', () => {
    const session = sessionWith(['dog', 'cat'])
    expect(() => startBackgroundDependence(session, { objects: ['dog'] })).toThrow('Objects: choose at least two, so that each has another object’s background to stand before.')
    expect(() => startBackgroundDependence(session, { objects: ['dog', 'cat'], views: [] })).toThrow('Views: choose at least one camera.')
  })
})

import { expect, test } from 'vitest'
import { defaultSceneParams, effectiveMorph, sanitizeSceneParams } from './params'
import { createSceneStore, getSnapshot } from './store/sceneStore'

test('effective morph adds the overall slider to shape and texture, clamped', () => {
  expect(effectiveMorph({ overallMorph: 0, shapeMorph: 1, textureMorph: 0 })).toEqual({ shape: 1, texture: 0 })
  expect(effectiveMorph({ overallMorph: 0.5, shapeMorph: 0.25, textureMorph: 0.75 })).toEqual({ shape: 0.75, texture: 1 })
})

test('sanitising clamps into range, fills defaults and drops non-finite values', () => {
  const p = sanitizeSceneParams({ backgroundBlur: 7, yaw: Number.NaN, pitch: -500, bogus: 3 })
  expect(p.backgroundBlur).toBe(1)
  expect(p.yaw).toBe(defaultSceneParams.yaw)
  expect(p.pitch).toBe(-85)
  expect(p).not.toHaveProperty('bogus')
})

test('the store keeps params valid and its snapshot is plain serialisable data', () => {
  const store = createSceneStore({ params: { textureInfluence: 0 } as never })
  store.getState().setParam('textureBlur', 2)
  store.getState().updatePerturbation('hue', { enabled: true, params: { hue: 0.25 } })
  const snap = getSnapshot(store)
  expect(snap.params.textureInfluence).toBe(0)
  expect(snap.params.textureBlur).toBe(1)
  expect(snap.chain.find((s) => s.id === 'hue')).toMatchObject({ enabled: true, params: { hue: 0.25 } })
  expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
  store.getState().resetParam('textureBlur')
  expect(store.getState().params.textureBlur).toBe(0)
})

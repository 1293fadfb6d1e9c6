import { describe, expect, it } from 'vitest'
import { createSceneStore } from '@perturber/scene'
import type { PerturberSession } from '../session/PerturberSession'
import { SCENE_VIEW_CAMERA, sceneViews } from './sceneViews'

/** A session whose renderer returns, as its one pixel, the yaw, pitch, dolly and shape morph it was asked to render. */
function fakeSession() {
  const scene = createSceneStore()
  const asked: { params: Record<string, number>; enabled: boolean[]; object: string }[] = []
  const renderer = {
    width: 1,
    height: 1,
    renderSample({ params, chain }: { params: Record<string, number>; chain: { enabled: boolean }[] }) {
      const { object } = scene.getState()
      asked.push({ params, enabled: chain.map((s) => s.enabled), object: object.kind === 'builtin' ? object.id : object.kind })
      return new Float32Array([params.yaw, params.pitch, params.distance, params.shapeMorph])
    },
  }
  const session = { scene, frames: { renderer: () => renderer }, settled: async () => {} } as unknown as PerturberSession
  return { session, scene, asked }
}

const pixels = async (views: ReturnType<typeof sceneViews>) => {
  const out: number[][] = []
  for (const v of views.inputs) out.push(Array.from((await v.render()).data))
  return out
}

describe('sceneViews', () => {
  it('labels both ends of a built-in pair, draws cameras in range from the seed, renders nothing until asked, perturbations off', async () => {
    const { session, scene, asked } = fakeSession()
    scene.getState().setObject({ kind: 'builtin', id: 'goldfish-macaw' })
    scene.getState().updatePerturbation(scene.getState().chain[0].id, { enabled: true })
    scene.getState().setParams({ lightingInfluence: 0.4 })
    const views = sceneViews(session, { perEnd: 3, seed: 7 })
    expect(views.inputs.map((v) => [v.name, v.label])).toEqual([
      ['goldfish/view-001', 'goldfish'], ['macaw/view-001', 'macaw'],
      ['goldfish/view-002', 'goldfish'], ['macaw/view-002', 'macaw'],
      ['goldfish/view-003', 'goldfish'], ['macaw/view-003', 'macaw'],
    ])
    expect(asked).toEqual([])
    const drawn = await pixels(views)
    for (const [yaw, pitch, distance, end] of drawn) {
      expect(yaw).toBeGreaterThanOrEqual(SCENE_VIEW_CAMERA.yaw[0])
      expect(yaw).toBeLessThanOrEqual(SCENE_VIEW_CAMERA.yaw[1])
      expect(pitch).toBeGreaterThanOrEqual(SCENE_VIEW_CAMERA.pitch[0])
      expect(pitch).toBeLessThanOrEqual(SCENE_VIEW_CAMERA.pitch[1])
      expect(distance).toBeGreaterThanOrEqual(SCENE_VIEW_CAMERA.distance[0])
      expect(distance).toBeLessThanOrEqual(SCENE_VIEW_CAMERA.distance[1])
      expect([0, 1]).toContain(end)
    }
    expect(drawn.map((p) => p[3])).toEqual([0, 1, 0, 1, 0, 1])
    expect(new Set(drawn.map((p) => p[0])).size).toBe(6)
    expect(asked.every((a) => a.params.lightingInfluence === 0.4 && a.enabled.every((on) => !on))).toBe(true)
    // the same seed, the same cameras; another seed, others
    expect(await pixels(sceneViews(session, { perEnd: 3, seed: 7 }))).toEqual(drawn)
    expect((await pixels(sceneViews(session, { perEnd: 3, seed: 8 }))).map((p) => p[0])).not.toEqual(drawn.map((p) => p[0]))
  })

  it('all ten objects: each pair shown for its views, labelled with the zoo classes; the user’s object comes back', async () => {
    const { session, scene, asked } = fakeSession()
    scene.getState().setObject({ kind: 'user', name: 'crate.obj' })
    const views = sceneViews(session, { perEnd: 1, objects: 'all' })
    expect(views.inputs.map((v) => v.label)).toEqual(['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat'])
    await pixels(views)
    expect(asked.map((a) => a.object)).toEqual(['dog-cat', 'dog-cat', 'firetruck-racecar', 'firetruck-racecar', 'teapot-mug', 'teapot-mug', 'goldfish-macaw', 'goldfish-macaw', 'airliner-sailboat', 'airliner-sailboat'])
    views.restore()
    expect(scene.getState().object).toEqual({ kind: 'user', name: 'crate.obj' })
  })

  it('an uploaded object gives unlabelled views; a changed object skips the views chosen before it', async () => {
    const { session, scene } = fakeSession()
    scene.getState().setObject({ kind: 'user', name: 'crate.obj' })
    const views = sceneViews(session, { perEnd: 1 })
    expect(views.inputs.map((v) => [v.name, v.label])).toEqual([['end 1/view-001', undefined], ['end 2/view-001', undefined]])
    scene.getState().setObject({ kind: 'builtin', id: 'dog-cat' })
    await expect(views.inputs[0].render()).rejects.toThrow('the scene’s object or background changed after the views were chosen')
    // and the object the user picked stays
    views.restore()
    expect(scene.getState().object).toEqual({ kind: 'builtin', id: 'dog-cat' })
  })

  it('refuses a count out of range, naming the field', () => {
    const { session } = fakeSession()
    expect(() => sceneViews(session, { perEnd: 0 })).toThrow('Views of each end: expected a whole number from 1 to 500, got 0.')
    expect(() => sceneViews(session, { perEnd: Number.NaN })).toThrow('Views of each end: expected a whole number from 1 to 500, got none.')
    expect(() => sceneViews(session, { perEnd: 2.5 })).toThrow('got 2.5.')
  })
})

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SceneRenderer } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import type { PerturberSession } from '@perturber/app'
import { YAW_FLUCTUATION, startYawFluctuation, yawFluctuationToCsv } from '@perturber/app/experiments'
import { useZooSession } from './support/zooSession'

/**
 * The yaw fluctuation experiment (thesis §7.3.1) on the zoo pair through the session's frame path:
 * every prototype's score is eq. 7.2 of the logits it records (recomputed here by hand), the
 * recorded logits are those of the same view evaluated live, the user's object comes back, and a
 * cancelled run keeps the prototypes it finished.
 */

describe('the yaw fluctuation experiment on the zoo pair', () => {
  let session: PerturberSession
  let scene: SceneRenderer

  const zoo = useZooSession(112, (s) => s.scene.getState().setObject({ kind: 'builtin', id: 'teapot-mug' }))
  beforeAll(() => {
    ;({ session, scene } = zoo)
  })

  test("each prototype's score is eq. 7.2 of its recorded logits; the logits are the live view's; the user's object comes back", async () => {
    const run = startYawFluctuation(session, { objects: ['cat'] })
    const result = (await run.finished)!
    expect(run.state.error).toBeNull()
    expect(run.state.status).toBe('done')
    expect(session.scene.getState().object).toEqual({ kind: 'builtin', id: 'teapot-mug' })

    const { yaws, prototypeYawIndex, pitches, distances } = YAW_FLUCTUATION
    expect(result.models.map((m) => m.role)).toEqual(['model1', 'model2'])
    expect(result.prototypes.map((p) => [p.pitch, p.distance, p.model])).toEqual(pitches.flatMap((pitch) => distances.flatMap((d) => [[pitch, d, 0], [pitch, d, 1]])))
    for (const p of result.prototypes) {
      // the zoo has ten classes: the top 10 are all of them, so std(l*) is of these very logits
      expect([...p.classes].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(p.logits).toHaveLength(yaws.length)
      const proto = p.logits[prototypeYawIndex]
      expect(proto[0]).toBe(Math.max(...proto))
      const mean = proto.reduce((a, b) => a + b, 0) / proto.length
      const std = Math.sqrt(proto.reduce((a, b) => a + (b - mean) ** 2, 0) / proto.length)
      expect(p.logitStd).toBeCloseTo(std, 9)
      const byHand = p.logits.reduce((sum, l) => sum + Math.sqrt(l.reduce((s, v, k) => s + (proto[k] - v) ** 2, 0)), 0) / std
      expect(p.score).toBeCloseTo(byHand, 9)
      expect(p.score).toBeGreaterThan(0)
      expect(p.recognised).not.toBeNull()
    }
    // Figure 7.4's bars: mean and population std of an object's four prototypes per model
    for (const [m, row] of result.summary.entries()) {
      const scores = result.prototypes.filter((p) => p.model === m).map((p) => p.score)
      const mean = scores.reduce((a, b) => a + b, 0) / 4
      expect(row).toEqual({ object: 'cat', model: m, n: 4, mean: expect.closeTo(mean, 12), std: expect.closeTo(Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / 4), 12) })
    }

    // one view evaluated live, as a user would set it up: Model 1's probabilities are the softmax of the logits recorded for it
    const first = result.prototypes[0]
    session.scene.getState().setObject({ kind: 'builtin', id: 'dog-cat' })
    const chain = session.scene.getState().chain.map((s) => ({ ...s, enabled: false }))
    const live = await session.evaluate({ params: { ...defaultSceneParams, overallMorph: 0, shapeMorph: 1, textureMorph: 1, yaw: yaws[4], pitch: first.pitch, distance: first.distance }, chain })
    const recorded = first.logits[4]
    const top = Math.max(...recorded)
    const total = recorded.reduce((a, l) => a + Math.exp(l - top), 0)
    const predictions = live.models[0].predictions!
    expect(predictions[0].labelIndex).toBe(first.classes[recorded.indexOf(top)])
    for (const p of predictions) expect(p.probability).toBeCloseTo(Math.exp(recorded[first.classes.indexOf(p.labelIndex)] - top) / total, 5)

    const csv = yawFluctuationToCsv(result).split('\n')
    expect(csv[3]).toBe(['object', 'model', 'role', 'pitch', 'distance', 'score', 'recognised', 'top1', 'd[-70]', 'd[-46.7]', 'd[-23.3]', 'd[0]', 'd[23.3]', 'd[46.7]', 'd[70]'].join(','))
    expect(csv).toHaveLength(4 + result.prototypes.length + 1)
  })

  test('a cancelled run keeps the prototypes it finished and gives the object back; an unknown object is refused before any work', async () => {
    session.scene.getState().setObject({ kind: 'builtin', id: 'airliner-sailboat' })
    expect(() => startYawFluctuation(session, { objects: ['dog', 'unicorn'] })).toThrow('Objects: no scene object named "unicorn".')
    const run = startYawFluctuation(session, { objects: ['dog', 'goldfish'] })
    await new Promise<void>((resolve) => {
      const stop = run.store.subscribe((s) => s.done >= 1 && (stop(), run.cancel(), resolve()))
    })
    const result = (await run.finished)!
    expect(run.state.status).toBe('cancelled')
    expect(run.state.done).toBeGreaterThanOrEqual(1)
    // cancelled at the first published prototype, it stops after the one under way: still on the dog
    expect(run.state.done).toBeLessThanOrEqual(4)
    expect(result.prototypes).toHaveLength(run.state.done * 2)
    expect(result.summary.map((r) => [r.object, r.model, r.n])).toEqual([['dog', 0, run.state.done], ['dog', 1, run.state.done]])
    expect(session.scene.getState().object).toEqual({ kind: 'builtin', id: 'airliner-sailboat' })
  })
})

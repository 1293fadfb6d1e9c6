import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SceneRenderer } from '@perturber/scene'
import type { PerturberSession } from '@perturber/app'
import { backgroundDependenceToCsv, startBackgroundDependence, tablesOf } from '@perturber/app/experiments'
import { useZooSession } from './support/zooSession'

/**
 * The background experiment (thesis §7.3.2) on the zoo pair through the session's frame path: a
 * background drawn without its object is the background alone; every condition gets its images;
 * the tables are the counts of the recorded picks; the user's object and background come back.
 */
const GREY = { kind: 'solid' as const, color: '#808080' }

function spread(pixels: Float32Array): number {
  let min = Infinity, max = -Infinity
  for (let i = 0; i < pixels.length; i++) if (i % 4 !== 3) (min = Math.min(min, pixels[i])), (max = Math.max(max, pixels[i]))
  return max - min
}

describe('the background experiment on the zoo pair', () => {
  let session: PerturberSession
  let scene: SceneRenderer

  const zoo = useZooSession(112, (s) => s.scene.getState().setBackground(GREY))
  beforeAll(() => {
    ;({ session, scene } = zoo)
  })

  test('a sample drawn without its object is the plain background; the live frame stays', async () => {
    const frame = scene.frameId
    const withObject = scene.renderSample({})
    const alone = scene.renderSample({ hideObject: true })
    expect(spread(withObject)).toBeGreaterThan(0.2)
    expect(spread(alone)).toBeLessThan(1e-6)
    expect(alone[0]).toBeCloseTo(0x80 / 255, 2)
    // and the object is back for the next one
    expect(Array.from(scene.renderSample({}))).toEqual(Array.from(withObject))
    expect(scene.frameId).toBe(frame)
  })

  test('two objects, two cameras: every condition gets its images, the tables count the picks, the scene comes back', async () => {
    session.scene.getState().setObject({ kind: 'builtin', id: 'teapot-mug' })
    const views = [{ yaw: -23.3, pitch: 16.7, distance: 3.4 }, { yaw: 23.3, pitch: 0, distance: 3.4 }]
    const run = startBackgroundDependence(session, { objects: ['dog', 'goldfish'], views })
    const result = (await run.finished)!
    expect(run.state.error).toBeNull()
    expect(run.state.status).toBe('done')
    expect(run.state.done).toBe(run.state.total)
    expect(run.state.total).toBe(3 * 2 + 2)
    expect(session.scene.getState().object).toEqual({ kind: 'builtin', id: 'teapot-mug' })
    expect(session.scene.getState().background).toEqual(GREY)

    expect(result.objects).toEqual([{ name: 'dog', background: 'park' }, { name: 'goldfish', background: 'venice' }])
    const images = (condition: string) => result.images.filter((i) => i.condition === condition).map((i) => [i.object, i.background, i.view])
    expect(images('own')).toEqual([[0, 0, 0], [0, 0, 1], [1, 1, 0], [1, 1, 1]])
    expect(images('other')).toEqual([[1, 0, 0], [1, 0, 1], [0, 1, 0], [0, 1, 1]])
    expect(images('neutral')).toEqual([[0, 'neutral', 0], [0, 'neutral', 1], [1, 'neutral', 0], [1, 'neutral', 1]])
    expect(images('removed')).toEqual([[null, 0, 0], [null, 0, 1], [null, 1, 0], [null, 1, 1]])
    for (const image of result.images) for (const scores of image.familyScores) expect(scores.every((p) => p >= 0 && p <= 1)).toBe(true)

    // the tables are the recorded picks counted again; the zoo models know a dog and a goldfish on their own backgrounds
    expect(tablesOf(result)).toEqual(result.tables)
    for (const table of result.tables) {
      const own = table.rows.find((r) => r.condition === 'own')!
      expect([own.correct, own.total, table.rows[0].chance]).toEqual([4, 4, 0.5])
    }
    const csv = backgroundDependenceToCsv(result).trim().split('\n').filter((l) => !l.startsWith('#'))
    expect(csv[0]).toBe('condition,object,background,view,yaw,pitch,distance,model1.picked,model1.correct,model1.top1,model2.picked,model2.correct,model2.top1')
    expect(csv).toHaveLength(1 + 16)
    expect(csv[1]).toMatch(/^own,dog,dog,0,-23\.2999992,16\.7000008,3\.4000001,(dog|goldfish),(true|false),[^,]+,(dog|goldfish),(true|false),[^,]+$/)
  })
})

import type { Meta, StoryObj } from '@storybook/react-vite'
import { BackgroundDependenceFigure } from '../components/BackgroundDependenceFigure'
import { BACKGROUND_VIEWS, NEUTRAL_BACKGROUND, tablesOf, type BackgroundDependenceResult, type BackgroundImage } from '../experiments/BackgroundDependenceRun'
import { SCENE_OBJECTS } from '../experiments/objects'

/**
 * Synthetic picks: a standard-like model that is mostly right before any background, and a
 * background-leaning one that is right before its own, often wrong before others', and finds the
 * object in the background alone well above chance. The tables are counted by the real `tablesOf`.
 */
function syntheticResult(): BackgroundDependenceResult {
  const objects = SCENE_OBJECTS.map((o) => ({ name: o.name, background: o.background }))
  const n = objects.length
  const owners = [...new Set(objects.map((o) => o.background))].map((b) => objects.findIndex((o) => o.background === b))
  // right with probability p (deterministically, by index), else the background's object (or the next object)
  const scores = (truth: number, other: number, p: number, k: number) => Array.from({ length: n }, (_, c) => (c === (((k * 37) % 100) / 100 < p ? truth : other) ? 0.8 : 0.2 / (n - 1)))
  const images: BackgroundImage[] = []
  let k = 0
  const add = (image: Omit<BackgroundImage, 'familyScores' | 'top1' | 'view'>, p: [number, number], other: number) => {
    for (let view = 0; view < 4; view++, k++) {
      const truth = image.object ?? (image.background as number)
      images.push({ ...image, view, familyScores: p.map((pm) => scores(truth, other, pm, k)), top1: ['', ''] })
    }
  }
  objects.forEach((_, o) => {
    add({ condition: 'own', object: o, background: o }, [0.95, 0.95], (o + 1) % n)
    for (const b of owners) if (objects[b].background !== objects[o].background) add({ condition: 'other', object: o, background: b }, [0.85, 0.55], b)
    add({ condition: 'neutral', object: o, background: 'neutral' }, [0.9, 0.75], (o + 1) % n)
    add({ condition: 'removed', object: null, background: o }, [0.12, 0.35], (o + 3) % n)
  })
  const result: BackgroundDependenceResult = {
    format: 'perturber-background-dependence',
    version: 1,
    objects,
    neutral: NEUTRAL_BACKGROUND,
    views: BACKGROUND_VIEWS.slice(0, 4),
    models: [
      { role: 'model1', name: 'standard' },
      { role: 'model2', name: 'adversarially trained' },
    ],
    images,
    tables: [],
  }
  return { ...result, tables: tablesOf(result) }
}

/**
 * The background experiment (Perturber thesis §7.3.2, after the Background Challenge) as the app's
 * experiment section and `npm run experiment -- background-dependence` draw it: each model's
 * accuracy among the objects per background condition against chance, with counts and the
 * own − other gap. Synthetic picks, counted by the real code.
 */
const meta: Meta<typeof BackgroundDependenceFigure> = {
  title: 'App/BackgroundDependenceFigure',
  component: BackgroundDependenceFigure,
  tags: ['autodocs'],
}
export default meta

export const TwoModels: StoryObj<typeof BackgroundDependenceFigure> = { args: { result: syntheticResult() } }

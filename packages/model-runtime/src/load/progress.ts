import type { LoadProgress } from '../types'

type Stage = LoadProgress['stage']

/**
 * Share of the whole load each step takes. Downloading weights dominates real loads, so it gets
 * most of the bar; the other steps are short but reported so a UI can name what is happening.
 */
const SPANS = {
  json: [0, 0.05],
  parse: [0.05, 0.1],
  weights: [0.1, 0.85],
  validate: [0.85, 0.9],
  build: [0.9, 1],
} as const satisfies Record<string, readonly [number, number]>

export type ProgressStep = keyof typeof SPANS

/**
 * Turns step-local progress (0..1 within "weights", "build", …) into one overall fraction that
 * never goes down, whatever order callers report in, and ends at exactly 1.
 */
export class ProgressReporter {
  private last = -1
  private lastStage: Stage | undefined

  constructor(private readonly callback?: (p: LoadProgress) => void) {}

  report(step: ProgressStep, local: number, stage: Stage, message?: string) {
    if (!this.callback) return
    const [from, to] = SPANS[step]
    const clamped = Math.min(1, Math.max(0, Number.isFinite(local) ? local : 0))
    const fraction = Math.max(this.last, from + (to - from) * clamped)
    // repeat a fraction only to announce a new stage
    if (fraction === this.last && stage === this.lastStage) return
    this.last = fraction
    this.lastStage = stage
    this.callback({ fraction, stage, message })
  }

  done(message = 'ready') {
    this.report('build', 1, 'build', message)
  }
}

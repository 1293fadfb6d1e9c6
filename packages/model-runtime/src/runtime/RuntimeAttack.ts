import { PgdAttack } from '../attacks/PgdAttack'
import type { PgdOptions, PgdStepResult } from '../attacks/types'
import type { FramePixels, PerturberModel } from '../types'
import type { AttackBackend } from './attackBackends'

type Execute = <T>(task: (model: PerturberModel) => T | Promise<T>) => Promise<T>

/**
 * A PGD attack on one frame whose every step runs queued on the backend the runtime picked for its
 * model (`backend`), so attacks never stall or corrupt the forward work on live frames. Steps see the model's current
 * weights (an edited model's twin is re-synced before each step).
 */
export class RuntimeAttack {
  private constructor(
    private readonly attack: PgdAttack,
    private readonly execute: Execute,
    /** The frame the attack perturbs. */
    readonly frameId: number,
    /** Where its steps run and what one is expected to cost (`runtime.attackBackend`). */
    readonly backend: AttackBackend,
  ) {}

  static async create(execute: Execute, frame: FramePixels, options: PgdOptions | undefined, backend: AttackBackend): Promise<RuntimeAttack> {
    const attack = await execute((model) => new PgdAttack(model, frame, options))
    return new RuntimeAttack(attack, execute, frame.frameId, backend)
  }

  get stepCount() {
    return this.attack.stepCount
  }

  /** Compiles the gradient's shaders now (idle time), so the first interactive step is as fast as later ones. */
  warmUp(): Promise<void> {
    return this.execute(() => this.attack.warmUp())
  }

  /** Takes `n` PGD steps (default 1) and reports δ, the probabilities and the norms. */
  step(n = 1): Promise<PgdStepResult> {
    return this.execute(() => this.attack.stepAsync(n))
  }

  /** The state without stepping. */
  result(): Promise<PgdStepResult> {
    return this.execute(() => this.attack.resultAsync())
  }

  /** Back to δ = 0. */
  reset(): Promise<void> {
    return this.execute(() => this.attack.reset())
  }

  dispose(): Promise<void> {
    return this.execute(() => this.attack.dispose())
  }
}

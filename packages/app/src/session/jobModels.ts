import type { PerturberModel } from '@perturber/model-runtime'
import { modelRoleLabels, type ModelRole } from '@perturber/viz'
import type { PerturberSession } from './PerturberSession'

/** A shown model as a background job (sweep, batch) holds it: the version tells an edit apart. */
export interface JobModel {
  role: ModelRole
  model: PerturberModel
  version: number
}

/**
 * What a background job over a session shares: the models it records (the shown ones, or the
 * roles asked for — refused in the user's terms when one is not shown), the check that none of
 * them changed under it, the names the slots show, and a yield to the page between items.
 * `job` and `items` name the work in messages ("the sweep", "samples").
 */
export class JobModels {
  readonly models: readonly JobModel[]

  constructor(
    private readonly session: PerturberSession,
    roles: readonly ModelRole[] | undefined,
    private readonly job: { name: string; verb: string; items: string },
  ) {
    const { shown } = session.store.getState()
    const picked = roles ? shown.filter((s) => roles.includes(s.role)) : shown
    const missing = roles?.filter((role) => !shown.some((s) => s.role === role)) ?? []
    if (missing.length) throw new Error(`The ${job.name} ${job.verb} ${missing.map((r) => modelRoleLabels[r]).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not shown: load or switch it on first.`)
    if (picked.length === 0) throw new Error(`The ${job.name} has no model to ${job.verb.replace(/s$/, '')}: load a model first.`)
    this.models = picked.map(({ role, model }) => ({ role, model, version: model.version }))
  }

  /** A model swapped or edited mid-run would mix two models' numbers in one table: stop instead. */
  check(): void {
    const { shown } = this.session.store.getState()
    for (const { role, model, version } of this.models) {
      const now = shown.find((s) => s.role === role)?.model
      if (now !== model || model.version !== version) throw new Error(`${modelRoleLabels[role]} changed during the ${this.job.name}: the ${this.job.items} so far are kept; run the ${this.job.name} again for the new model.`)
    }
  }

  /** The model's name as its slot shows it. */
  nameOf({ role, model }: JobModel): string {
    return role === 'edited' ? model.descriptor.name : this.session.store.getState().slots[role].name || model.descriptor.name
  }
}

/** Yields to the page (input, live frames) without setTimeout's 4 ms clamp. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0))
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => (channel.port1.close(), resolve())
    channel.port2.postMessage(null)
  })
}

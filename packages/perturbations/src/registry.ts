import type { ParamValues, PerturbationDefinition, PerturbationState } from './types'

/** Holds the perturbations a pipeline and the generated controls know about. */
export class PerturbationRegistry {
  private readonly definitions = new Map<string, PerturbationDefinition>()
  private readonly listeners = new Set<() => void>()

  constructor(definitions: readonly PerturbationDefinition[] = []) {
    for (const d of definitions) this.register(d)
  }

  /** Adds (or replaces, by id) a perturbation. Throws on an invalid definition. */
  register<K extends string>(definition: PerturbationDefinition<K>): this {
    validateDefinition(definition as PerturbationDefinition)
    this.definitions.set(definition.id, definition as PerturbationDefinition)
    this.listeners.forEach((l) => l())
    return this
  }

  unregister(id: string): boolean {
    const removed = this.definitions.delete(id)
    if (removed) this.listeners.forEach((l) => l())
    return removed
  }

  get(id: string): PerturbationDefinition | undefined {
    return this.definitions.get(id)
  }

  require(id: string): PerturbationDefinition {
    const d = this.definitions.get(id)
    if (!d) throw new Error(`Unknown perturbation "${id}". Registered: ${[...this.definitions.keys()].join(', ')}`)
    return d
  }

  list(): PerturbationDefinition[] {
    return [...this.definitions.values()]
  }

  /** Called after every register/unregister (for UIs generated from the registry). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A state with every parameter at its default, disabled unless asked otherwise. */
  defaultState(id: string, enabled = false): PerturbationState {
    const d = this.require(id)
    const state: PerturbationState = { id, enabled, params: defaultParams(d) }
    if (d.editableSource) state.source = d.editableSource.default
    return state
  }
}

export function defaultParams(d: PerturbationDefinition): ParamValues {
  return Object.fromEntries(d.params.map((p) => [p.name, p.default]))
}

function validateDefinition(d: PerturbationDefinition): void {
  const where = `perturbation "${d.id}"`
  if (!d.id || !/^[a-z0-9][a-z0-9-]*$/.test(d.id)) throw new Error(`${where}: id must be kebab-case`)
  if (!d.passes.length) throw new Error(`${where}: needs at least one pass`)
  const names = new Set<string>()
  for (const p of d.params) {
    if (names.has(p.name)) throw new Error(`${where}: duplicate parameter "${p.name}"`)
    names.add(p.name)
    if (!(p.min <= p.default && p.default <= p.max)) throw new Error(`${where}: default of "${p.name}" outside [min, max]`)
    if (!(p.step > 0)) throw new Error(`${where}: step of "${p.name}" must be positive`)
  }
  const passNames = new Set<string>()
  const readable = (src: string) => src === 'input' || passNames.has(src) || (src.startsWith('external:') && !!d.externalTextures?.includes(src.slice(9)))
  for (const pass of d.passes) {
    if (pass.iterateFrom !== undefined && (!pass.iterations || !readable(pass.iterateFrom))) {
      throw new Error(`${where}: iterateFrom "${pass.iterateFrom}" needs \`iterations\` and must be 'input', an earlier pass or a declared external texture`)
    }
    for (const [uniform, src] of Object.entries(pass.samplers ?? {})) {
      // a repeated pass may read its own previous iteration
      const ownOutput = !!pass.iterations && src === pass.name
      const ok = readable(src) || ownOutput
      if (!ok) throw new Error(`${where}: sampler "${uniform}" reads "${src}", which is not 'input', an earlier pass, a repeated pass itself or a declared external texture`)
    }
    if (pass.name) passNames.add(pass.name)
  }
}

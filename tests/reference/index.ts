import type { BuiltinReference, CpuReference } from '../../packages/perturbations/src/reference'

/**
 * The CPU references of the built-ins, gathered from their folders
 * (`packages/perturbations/src/builtins/<name>/reference.ts`) by Vite: there is no list to keep.
 */
const modules = import.meta.glob<{ reference?: BuiltinReference }>('../../packages/perturbations/src/builtins/*/reference.ts', { eager: true })

/** Every built-in's reference, by definition id. */
export const builtinReferences: Record<string, BuiltinReference> = {}
for (const [path, module] of Object.entries(modules)) {
  const reference = module.reference
  if (!reference) throw new Error(`${path} does not export \`reference\``)
  if (builtinReferences[reference.id]) throw new Error(`${path}: a second reference for ${reference.id}`)
  builtinReferences[reference.id] = reference
}

/** CPU reference implementation of every built-in perturbation, by id. */
export const cpuReferences: Record<string, CpuReference> = Object.fromEntries(Object.values(builtinReferences).map((r) => [r.id, r.compute]))

/** The CPU image helpers (ImageF32, createImage, compareImages, …) and the reference types. */
export * from '../../packages/perturbations/src/reference'

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo } from 'react'
import { PerturberCanvas, createSceneStore } from '@perturber/scene'
import { defaultRegistry } from '.'

/**
 * What every built-in's `<Name>.stories.tsx` shares: the story component, the meta fields and `story()`.
 * Storybook needs each file's `title` literally in that file, so the files spread `builtinMeta` beside it.
 */
export type Args = { perturbation: string; source?: string } & Record<string, number | string | undefined>

/** One built-in perturbation applied to the live scene, its parameters as controls. */
export function PerturbationStory({ perturbation, source, ...params }: Args) {
  const store = useMemo(() => createSceneStore(), [])
  useEffect(() => {
    const state = defaultRegistry.defaultState(perturbation, true)
    for (const key of Object.keys(state.params)) if (typeof params[key] === 'number') state.params[key] = params[key] as number
    if (source !== undefined) state.source = source
    store.getState().setChain([state])
  }, [store, perturbation, source, ...Object.values(params)])
  return <PerturberCanvas store={store} style={{ width: 448 }} />
}

export const builtinMeta = {
  component: PerturbationStory,
  parameters: { docs: { description: { component: 'Every built-in perturbation of `@perturber/perturbations`, running on the GPU over the live scene at 224×224.' } } },
} satisfies Meta<Args>

/** A story whose controls are generated from the perturbation's parameter schema. */
export function story(id: string, overrides: Record<string, number> = {}): StoryObj<Args> {
  const d = defaultRegistry.require(id)
  const args: Args = { perturbation: id, ...Object.fromEntries(d.params.map((p) => [p.name, p.default])), ...overrides }
  if (d.editableSource) args.source = d.editableSource.default
  return {
    name: d.label,
    args,
    argTypes: {
      perturbation: { table: { disable: true } },
      ...Object.fromEntries(d.params.map((p) => [p.name, { name: p.label, control: { type: 'range', min: p.min, max: p.max, step: p.step }, description: p.description }])),
      ...(d.editableSource ? { source: { control: 'text', description: 'GLSL statements modifying `color` (uses `uv`, `amount`)' } } : {}),
    },
    parameters: { docs: { description: { story: d.description } } },
  }
}

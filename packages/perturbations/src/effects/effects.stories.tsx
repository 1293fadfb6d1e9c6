import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo } from 'react'
import { PerturberCanvas, createSceneStore } from '@perturber/scene'
import { defaultRegistry } from '../builtins'

type Args = { perturbation: string; source?: string } & Record<string, number | string | undefined>

/** One built-in perturbation applied to the live scene, its parameters as controls. */
function PerturbationStory({ perturbation, source, ...params }: Args) {
  const store = useMemo(() => createSceneStore(), [])
  useEffect(() => {
    const state = defaultRegistry.defaultState(perturbation, true)
    for (const key of Object.keys(state.params)) if (typeof params[key] === 'number') state.params[key] = params[key] as number
    if (source !== undefined) state.source = source
    store.getState().setChain([state])
  }, [store, perturbation, source, ...Object.values(params)])
  return <PerturberCanvas store={store} style={{ width: 448 }} />
}

const meta: Meta<Args> = {
  title: 'Perturbations/Built-ins',
  component: PerturbationStory,
  parameters: { docs: { description: { component: 'Every built-in perturbation of `@perturber/perturbations`, running on the GPU over the live scene at 224×224.' } } },
}
export default meta

/** A story whose controls are generated from the perturbation's parameter schema. */
function story(id: string, overrides: Record<string, number> = {}): StoryObj<Args> {
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

export const Alpha = story('alpha', { alpha: 0.5 })
export const Hue = story('hue', { hue: 0.25 })
export const Saturation = story('saturation', { saturation: 0.2 })
export const Brightness = story('brightness', { brightness: 0.2 })
export const Contrast = story('contrast', { contrast: 1.8 })
export const CustomGlsl = story('custom-glsl', { amount: 1.8 })
export const PatchShuffle = story('patch-shuffle', { grid: 3, seed: 1 })
export const GaussianBlur = story('gaussian-blur', { sigma: 2 })
export const DefocusBlur = story('defocus-blur', { radius: 3 })
export const MotionBlur = story('motion-blur', { length: 10, angle: 30 })
export const FrequencyDecomposition = story('frequency-decomposition', { lowAlpha: 0.2 })
export const LowPass = story('low-pass', { sigma: 3, grayscale: 1 })
export const HighPass = story('high-pass', { sigma: 3, grayscale: 1 })
export const PhaseNoise = story('phase-noise', { width: 1.5 })
export const Pixelate = story('pixelate', { blockSize: 6 })
export const GaussianNoise = story('gaussian-noise', { sigma: 0.1 })
export const ShotNoise = story('shot-noise', { severity: 0.5 })
export const Jpeg = story('jpeg', { compression: 0.9 })
export const AdversarialOverlay = story('adversarial-overlay', { originalAlpha: 0.5 })

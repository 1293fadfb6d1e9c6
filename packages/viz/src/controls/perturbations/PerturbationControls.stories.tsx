import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { imagenetLabels } from '@perturber/model-runtime'
import { PerturbationRegistry, builtinPerturbations, defaultChain, type PerturbationDefinition, type PerturbationError } from '@perturber/perturbations'
import { PerturberCanvas, createSceneStore, useSceneState } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import { PerturbationControls, type PerturbationControlsValue } from './PerturbationControls'
import { defaultAttackSettings, type AttackSettings } from './attackSettings'
import type { AttackStatus } from './AttackSection'
import { CONTROL_SECTIONS, type ControlSectionId } from './sections'

type Args = { sections: ControlSectionId[]; compileError: boolean; pgdBusy: boolean }

/** A PGD button that pretends to work for a moment, so the busy state can be seen. */
function usePretendAttack() {
  const [status, setStatus] = useState<AttackStatus>({})
  const step = () => {
    setStatus((s) => ({ ...s, busy: true }))
    setTimeout(() => setStatus((s) => ({ busy: false, step: (s.step ?? 0) + 1 })), 600)
  }
  return { status, step, reset: () => setStatus({}) }
}

function PanelDemo({ sections, compileError, pgdBusy }: Args) {
  const registry = useMemo(() => new PerturbationRegistry(builtinPerturbations), [])
  const [value, setValue] = useState<PerturbationControlsValue>({ params: { ...defaultSceneParams }, chain: defaultChain(registry), attack: defaultAttackSettings })
  const attack = usePretendAttack()
  const errors: PerturbationError[] = compileError ? [{ perturbationId: 'custom-glsl', message: "'colr' : undeclared identifier", line: 1, log: '' }] : []
  return (
    <div style={{ width: 400 }}>
      <PerturbationControls
        value={value}
        onChange={setValue}
        registry={registry}
        sections={sections}
        errors={errors}
        labels={imagenetLabels.names}
        onPgdStep={attack.step}
        onResetAttack={attack.reset}
        attackStatus={pgdBusy ? { busy: true, step: 3 } : attack.status}
      />
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Controls/Perturbation controls',
  component: PanelDemo,
  args: { sections: [...CONTROL_SECTIONS], compileError: false, pgdBusy: false },
  argTypes: { sections: { control: 'check', options: [...CONTROL_SECTIONS] } },
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'Generated from the scene’s parameter schema and the perturbation registry, in the paper’s sections. Enable toggle per perturbation, reset per parameter, custom GLSL with its compile error, and the attack settings (model, searchable target class, ε, norm, PGD step).',
      },
    },
  },
}
export default meta

export const Panel: StoryObj<Args> = {}
export const CompileError: StoryObj<Args> = { args: { compileError: true, sections: ['post-processing'] } }
export const AttackOnly: StoryObj<Args> = { args: { sections: ['adversarial'], pgdBusy: true } }

/** The panel driving the live scene: its value is the scene store's params and chain. */
export const WithLiveScene: StoryObj<Args> = {
  render: function LiveScene() {
    const store = useMemo(() => createSceneStore(), [])
    const params = useSceneState((s) => s.params, store)
    const chain = useSceneState((s) => s.chain, store)
    const errors = useSceneState((s) => s.perturbationErrors, store)
    const [attack, setAttack] = useState<AttackSettings>(defaultAttackSettings)
    return (
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <PerturberCanvas store={store} style={{ width: 448 }} />
        <div style={{ width: 400, maxHeight: '90vh', overflowY: 'auto' }}>
          <PerturbationControls
            value={{ params, chain, attack }}
            onChange={(next) => {
              store.getState().setParams(next.params)
              store.getState().setChain([...next.chain])
              setAttack(next.attack)
            }}
            errors={errors}
            labels={imagenetLabels.names}
            sections={['scene', 'morph', 'post-processing', 'frequency']}
          />
        </div>
      </div>
    )
  },
}

const invert: PerturbationDefinition<'amount'> = {
  id: 'invert',
  label: 'Invert',
  group: 'color',
  description: 'Mixes the image with its negative (a perturbation registered by the user).',
  params: [{ name: 'amount', label: 'Amount', min: 0, max: 1, step: 0.01, default: 0 }],
  passes: [
    {
      fragmentShader: `uniform float amount;
        void main() { vec4 c = texture2D(tInput, vUv); gl_FragColor = vec4(mix(c.rgb, 1.0 - c.rgb, amount), 1.0); }`,
      uniforms: (p) => ({ amount: p.amount }),
    },
  ],
}

/** A perturbation registered at run time gets its controls from its schema, with nothing else to write. */
export const CustomPerturbation: StoryObj<Args> = {
  render: function Custom() {
    const registry = useMemo(() => new PerturbationRegistry([...builtinPerturbations, invert as PerturbationDefinition]), [])
    const store = useMemo(() => createSceneStore({}, registry), [registry])
    const params = useSceneState((s) => s.params, store)
    const chain = useSceneState((s) => s.chain, store)
    const [attack, setAttack] = useState<AttackSettings>(defaultAttackSettings)
    return (
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <PerturberCanvas store={store} registry={registry} style={{ width: 448 }} />
        <div style={{ width: 400 }}>
          <PerturbationControls
            value={{ params, chain, attack }}
            onChange={(next) => {
              store.getState().setChain([...next.chain])
              setAttack(next.attack)
            }}
            registry={registry}
            sections={['post-processing']}
          />
        </div>
      </div>
    )
  },
}

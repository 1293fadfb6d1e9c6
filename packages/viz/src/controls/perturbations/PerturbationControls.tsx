import { useCallback, type ReactNode } from 'react'
import { adversarialOverlay, defaultRegistry, type PerturbationDefinition, type PerturbationError, type PerturbationRegistry, type PerturbationState } from '@perturber/perturbations'
import { sceneParamSpecs, type SceneParamSpec } from '@perturber/scene'
import { useLatest } from '../../hooks/useLatest'
import type { ModelRole } from '../modelColors'
import { ControlStyles } from '../styles'
import { AttackSection, type AttackStatus } from './AttackSection'
import type { AttackSettings } from './attackSettings'
import { stateOf, updateChain, useRegistryDefinitions } from './chainState'
import { ChainPerturbationFields } from './ChainPerturbationFields'
import type { PerturbationPatch } from './PerturbationFields'
import { SceneParamSlider } from './SceneParamSlider'
import { sceneSensitivityKey, type ParamSensitivities } from './sensitivity'
import { CONTROL_SECTIONS, controlSectionLabels, defaultSectionOf, postProcessingSubgroups, sectionOfSceneParam, type ControlSectionId } from './sections'

/** Everything the panel edits: the scene's parameters, the perturbation chain and the attack settings. */
export interface PerturbationControlsValue {
  /** scene parameter values by name (`SceneSnapshot.params`) */
  params: Readonly<Record<string, number>>
  /** `SceneSnapshot.chain` */
  chain: readonly PerturbationState[]
  attack: AttackSettings
}

export interface PerturbationControlsProps {
  value: PerturbationControlsValue
  onChange(value: PerturbationControlsValue): void
  /** where the perturbations and their schemas come from (default: the default registry, custom registrations included) */
  registry?: PerturbationRegistry
  /** the scene's parameter schema (default `sceneParamSpecs`) */
  sceneSpecs?: readonly SceneParamSpec[]
  /** custom-GLSL compile errors (the scene store's `perturbationErrors`), shown under the code */
  errors?: readonly PerturbationError[]
  /** which sections to show (always in the paper's order); default all */
  sections?: readonly ControlSectionId[]
  /** overrides the section of a perturbation (default: {@link defaultSectionOf} its group) */
  sectionOf?(definition: PerturbationDefinition): ControlSectionId
  /** class names of the attacking model's labels, for the target class search */
  labels?: readonly string[]
  /** which models can attack now (default all) */
  attackModels?: Partial<Record<ModelRole, boolean>>
  onPgdStep?(): void
  onResetAttack?(): void
  attackStatus?: AttackStatus
  /** [height, width] of the model input, for the L2 ε range */
  frameSize?: readonly [number, number]
  /**
   * the derivative of an analysed output with respect to each parameter, shown under its slider, by
   * key: `scene.<name>` for scene parameters, `perturbation.<id>.<param>` for a perturbation's
   * (as sweep targets are keyed); parameters without one show none
   */
  sensitivity?: ParamSensitivities
}

/**
 * The scene and perturbation panel of the paper, generated from the scene's parameter schema and
 * the perturbation registry: Scene, Morph, Post Processing, Frequency Decomposition and
 * Adversarial Attack. Every perturbation has an enable toggle and every parameter a reset to its
 * default; a perturbation registered later (`registerPerturbation`) appears at once. Fully
 * controlled: all state is in `value`.
 */
export function PerturbationControls(props: PerturbationControlsProps) {
  const { value, onChange, registry = defaultRegistry, sceneSpecs = sceneParamSpecs, errors = [], sections = CONTROL_SECTIONS, sensitivity } = props
  const definitions = useRegistryDefinitions(registry)
  const sectionOf = props.sectionOf ?? defaultSectionOf

  // stable handlers reading the latest value: the memoized sliders and fields of everything that
  // did not change skip rendering (the panel re-renders on every frame while the camera turns)
  const live = useLatest({ value, onChange, registry })
  const onParamChange = useCallback((name: string, v: number) => {
    const { value, onChange } = live.current
    onChange({ ...value, params: { ...value.params, [name]: v } })
  }, [live])
  const onPatch = useCallback((id: string, patch: PerturbationPatch) => {
    const { value, onChange, registry } = live.current
    onChange({ ...value, chain: updateChain(value.chain, registry, id, patch) })
  }, [live])
  const sceneSlider = (spec: SceneParamSpec) => (
    <SceneParamSlider key={spec.name} spec={spec} value={value.params[spec.name] ?? spec.default} onParamChange={onParamChange} sensitivity={sensitivity?.[sceneSensitivityKey(spec.name)]} />
  )
  const perturbationFields = (definition: PerturbationDefinition) => {
    const own = errors.filter((e) => e.perturbationId === definition.id)
    return (
      <ChainPerturbationFields
        key={definition.id}
        definition={definition}
        state={stateOf(value.chain, registry, definition.id)}
        errors={own.length > 0 ? own : NO_ERRORS}
        onPatch={onPatch}
        sensitivity={sensitivity}
      />
    )
  }
  const inSection = (id: ControlSectionId) => definitions.filter((d) => sectionOf(d) === id)
  // "δ only": the adversarial overlay with Original Alpha at 0 (grey + δ), when the registry has it
  const hasOverlay = definitions.some((d) => d.id === adversarialOverlay.id)
  const overlay = hasOverlay ? stateOf(value.chain, registry, adversarialOverlay.id) : undefined
  const deltaOnly = !!overlay?.enabled && overlay.params.originalAlpha === 0

  const content: Record<ControlSectionId, ReactNode> = {
    // a `sectionOf` override may put perturbations into Scene or Morph too: they follow the parameters
    scene: nonEmpty([...sceneSection(sceneSpecs, sceneSlider), ...inSection('scene').map(perturbationFields)]),
    morph: nonEmpty([...sceneSpecs.filter((s) => sectionOfSceneParam(s) === 'morph').map(sceneSlider), ...inSection('morph').map(perturbationFields)]),
    'post-processing': postProcessingSection(inSection('post-processing'), perturbationFields),
    frequency: nonEmpty(inSection('frequency').map(perturbationFields)),
    adversarial: (
      <AttackSection
        value={value.attack}
        onChange={(attack) => onChange({ ...value, attack })}
        labels={props.labels}
        availableModels={props.attackModels}
        onPgdStep={props.onPgdStep}
        onResetAttack={props.onResetAttack}
        status={props.attackStatus}
        frameSize={props.frameSize}
        deltaOnly={deltaOnly}
        onDeltaOnlyChange={hasOverlay ? (on) => onPatch(adversarialOverlay.id, { enabled: true, params: { originalAlpha: on ? 0 : 1 } }) : undefined}
      >
        {inSection('adversarial').map(perturbationFields)}
      </AttackSection>
    ),
  }

  return (
    <div className="pz-controls pz-perturbation-controls">
      <ControlStyles />
      {CONTROL_SECTIONS.filter((id) => sections.includes(id) && content[id] !== null).map((id) => (
        <details key={id} className="pz-section" data-section={id} open>
          <summary>{controlSectionLabels[id]}</summary>
          <div className="pz-section-body">{content[id]}</div>
        </details>
      ))}
    </div>
  )
}

const NO_ERRORS: readonly PerturbationError[] = []

const nonEmpty = (nodes: ReactNode[]) => (nodes.some((n) => n !== null) ? nodes : null)

function sceneSection(specs: readonly SceneParamSpec[], slider: (spec: SceneParamSpec) => ReactNode): ReactNode[] {
  const scene = specs.filter((s) => sectionOfSceneParam(s) === 'scene' && s.group !== 'Camera')
  const camera = specs.filter((s) => s.group === 'Camera')
  const heading = (
    <h4 key="camera-heading" className="pz-subheading">
      Camera
    </h4>
  )
  return [...scene.map(slider), ...(camera.length > 0 ? [heading, ...camera.map(slider)] : [])]
}

/** Post Processing under sub-headings by registry group; groups without a sub-heading come last under their own name. */
function postProcessingSection(definitions: readonly PerturbationDefinition[], fields: (d: PerturbationDefinition) => ReactNode): ReactNode {
  if (definitions.length === 0) return null
  const known = postProcessingSubgroups.map((s) => s.group as string)
  const others = [...new Set(definitions.map((d) => d.group as string).filter((g) => !known.includes(g)))]
  const subgroups = [...postProcessingSubgroups, ...others.map((group) => ({ group, label: group }))]
  return subgroups.map(({ group, label }) => {
    const members = definitions.filter((d) => d.group === group)
    if (members.length === 0) return null
    return (
      <div key={group} className="pz-subgroup" role="group" aria-label={label}>
        <h4 className="pz-subheading">{label}</h4>
        {members.map(fields)}
      </div>
    )
  })
}

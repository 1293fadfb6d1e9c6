import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { useSceneState, type SceneStore } from '@perturber/scene'
import { ControlStyles, ParamSlider } from '@perturber/viz/primitives'
import { PerturbationControls, type AttackSettings } from '@perturber/viz'
import { stateOf, updateChain } from '@perturber/viz/controls'
import { applySceneControls } from '../state/sceneControls'
import type { FigureControl } from './figureConfig'

export interface FigureControlsProps {
  scene: SceneStore
  /** the sliders to show; none: the whole scene and perturbation panel (without the attack section) */
  controls: readonly FigureControl[]
  registry?: PerturbationRegistry
  attack: AttackSettings
}

/**
 * The parameters a figure exposes, as sliders writing the figure's scene store. Moving a
 * perturbation's slider also switches that perturbation on: a slider that did nothing would
 * only confuse a reader.
 */
export function FigureControls({ scene, controls, registry = defaultRegistry, attack }: FigureControlsProps) {
  const params = useSceneState((s) => s.params, scene)
  const chain = useSceneState((s) => s.chain, scene)
  const errors = useSceneState((s) => s.perturbationErrors, scene)
  if (controls.length === 0) {
    return (
      <PerturbationControls
        value={{ params, chain, attack }}
        onChange={(next) => applySceneControls(scene, { params, chain }, next)}
        registry={registry}
        errors={errors}
        sections={['scene', 'morph', 'post-processing', 'frequency']}
      />
    )
  }
  return (
    <div className="pz-controls pf-controls">
      <ControlStyles />
      {controls.map((control) => {
        if (control.kind === 'scene') {
          const { spec, name } = control
          return (
            <ParamSlider
              key={spec.name}
              label={spec.label}
              description={spec.description}
              value={params[name]}
              min={spec.min}
              max={spec.max}
              step={spec.step}
              defaultValue={spec.default}
              onChange={(value) => scene.getState().setParam(name, value)}
            />
          )
        }
        const { id, param, spec, label } = control
        const state = stateOf(chain, registry, id)
        return (
          <ParamSlider
            key={`${id}.${param}`}
            label={spec.label}
            description={spec.description ?? label}
            value={state.params[param] ?? spec.default}
            min={spec.min}
            max={spec.max}
            step={spec.step}
            defaultValue={spec.default}
            onChange={(value) => scene.getState().setChain(updateChain(scene.getState().chain, registry, id, { enabled: true, params: { [param]: value } }))}
          />
        )
      })}
    </div>
  )
}

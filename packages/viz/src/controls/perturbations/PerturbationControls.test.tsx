import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { PerturbationRegistry, builtinPerturbations, defaultChain, type PerturbationDefinition, type PerturbationError } from '@perturber/perturbations'
import { defaultSceneParams } from '@perturber/scene/core'
import { PerturbationControls, type PerturbationControlsValue } from './PerturbationControls'
import { defaultEpsilon } from '@perturber/model-runtime'
import { adversarialOverlay } from '@perturber/perturbations'
import { defaultAttackSettings } from './attackSettings'
import { controlSectionLabels } from './sections'

afterEach(cleanup)

const invert: PerturbationDefinition<'amount' | 'bias'> = {
  id: 'invert',
  label: 'Invert',
  group: 'color',
  description: 'Mixes the image with its negative.',
  params: [
    { name: 'amount', label: 'Amount', min: -1, max: 3, step: 0.25, default: 0.75 },
    { name: 'bias', label: 'Bias', min: 0, max: 10, step: 1, default: 2 },
  ],
  passes: [{ fragmentShader: 'void main() { gl_FragColor = texture2D(tInput, vUv); }' }],
}

function setup(overrides: Partial<PerturbationControlsValue> = {}, props: Partial<Parameters<typeof PerturbationControls>[0]> = {}) {
  const registry = new PerturbationRegistry([...builtinPerturbations, invert as PerturbationDefinition])
  const value: PerturbationControlsValue = { params: { ...defaultSceneParams }, chain: defaultChain(registry), attack: defaultAttackSettings, ...overrides }
  const onChange = vi.fn<(value: PerturbationControlsValue) => void>()
  const view = render(<PerturbationControls value={value} onChange={onChange} registry={registry} {...props} />)
  const last = () => onChange.mock.lastCall![0]
  const entry = (id: string) => last().chain.find((s) => s.id === id)!
  return { registry, value, onChange, last, entry, view }
}

const group = (name: string) => screen.getByRole('group', { name })
const slider = (container: HTMLElement, name: string) => within(container).getByRole('slider', { name }) as HTMLInputElement
const sectionOf = (element: HTMLElement) => element.closest('details')!.getAttribute('data-section')

describe('PerturbationControls generated from the registry', () => {
  it('shows a custom perturbation with its schema: min, max, step and default of every parameter', () => {
    setup()
    const fields = group('Invert')
    const amount = slider(fields, 'Amount')
    expect([amount.min, amount.max, amount.step, amount.value]).toEqual(['-1', '3', '0.25', '0.75'])
    const bias = slider(fields, 'Bias')
    expect([bias.min, bias.max, bias.step, bias.value]).toEqual(['0', '10', '1', '2'])
    expect((within(fields).getByRole('checkbox', { name: 'Enable Invert' }) as HTMLInputElement).checked).toBe(false)
    expect(sectionOf(fields)).toBe('post-processing')
  })

  it('reports a moved slider in the chain, enabling the perturbation and leaving the others alone', () => {
    const { value, last, entry } = setup()
    fireEvent.change(slider(group('Invert'), 'Amount'), { target: { value: '2.5' } })
    expect(entry('invert')).toEqual({ id: 'invert', enabled: true, params: { amount: 2.5, bias: 2 } })
    expect(last().chain.filter((s) => s.id !== 'invert')).toEqual(value.chain.filter((s) => s.id !== 'invert'))
    expect(last().params).toBe(value.params)
  })

  it('takes exact values in the number box, clamped to the schema range', () => {
    const { entry } = setup()
    fireEvent.change(within(group('Invert')).getByRole('spinbutton', { name: 'Amount value' }), { target: { value: '1.3' } })
    expect(entry('invert').params.amount).toBe(1.3)
    fireEvent.change(within(group('Invert')).getByRole('spinbutton', { name: 'Amount value' }), { target: { value: '7' } })
    expect(entry('invert').params.amount).toBe(3)
  })

  it('resets a parameter to its schema default, and only that parameter', () => {
    const registry = new PerturbationRegistry([...builtinPerturbations, invert as PerturbationDefinition])
    const chain = defaultChain(registry).map((s) => (s.id === 'invert' ? { ...s, enabled: true, params: { amount: 2, bias: 7 } } : s))
    const { entry } = setup({ chain })
    const fields = group('Invert')
    fireEvent.click(within(fields).getByRole('button', { name: 'Reset Amount' }))
    expect(entry('invert')).toEqual({ id: 'invert', enabled: true, params: { amount: 0.75, bias: 7 } })
    expect(within(group('Hue')).getByRole('button', { name: 'Reset Hue' })).toHaveProperty('disabled', true)
  })

  it('toggles a perturbation on and off', () => {
    const { entry } = setup()
    fireEvent.click(within(group('Patch Shuffling')).getByRole('checkbox', { name: 'Enable Patch Shuffling' }))
    expect(entry('patch-shuffle')).toEqual({ id: 'patch-shuffle', enabled: true, params: { grid: 1, seed: 0 } })
  })

  it('shows a perturbation registered after the first render, and adds it to a chain that lacks it', () => {
    const registry = new PerturbationRegistry(builtinPerturbations)
    const value: PerturbationControlsValue = { params: { ...defaultSceneParams }, chain: defaultChain(registry), attack: defaultAttackSettings }
    const onChange = vi.fn<(value: PerturbationControlsValue) => void>()
    render(<PerturbationControls value={value} onChange={onChange} registry={registry} />)
    expect(screen.queryByRole('group', { name: 'Invert' })).toBeNull()
    act(() => void registry.register(invert))
    fireEvent.change(slider(group('Invert'), 'Bias'), { target: { value: '4' } })
    const chain = onChange.mock.lastCall![0].chain
    expect(chain).toHaveLength(value.chain.length + 1)
    expect(chain.at(-1)).toEqual({ id: 'invert', enabled: true, params: { amount: 0.75, bias: 4 } })
  })
})

describe('PerturbationControls sections', () => {
  it('come in the paper order: Scene, Morph, Post Processing, Frequency Decomposition, Adversarial Attack', () => {
    const { view } = setup()
    const summaries = [...view.container.querySelectorAll('details > summary')].map((s) => s.textContent)
    expect(summaries).toEqual(['Scene', 'Morph', 'Post Processing', 'Frequency Decomposition', 'Adversarial Attack'])
  })

  it('keep the paper order when a subset is asked for in another order', () => {
    const { view } = setup({}, { sections: ['adversarial', 'scene', 'frequency'] })
    const summaries = [...view.container.querySelectorAll('details > summary')].map((s) => s.textContent)
    expect(summaries).toEqual(['Scene', 'Frequency Decomposition', 'Adversarial Attack'])
  })

  it('hold the scene parameters and the registry groups where the paper has them', () => {
    setup()
    const section = (label: string) => sectionOf(screen.getAllByText(label)[0])
    expect(section('Background Blur')).toBe('scene')
    expect(section('Lighting Influence')).toBe('scene')
    expect(section('Yaw')).toBe('scene')
    expect(section('Shape Morph')).toBe('morph')
    for (const label of ['Alpha', 'Hue', 'Saturation', 'Custom GLSL', 'Patch Shuffling', 'Gaussian Blur', 'Gaussian Noise', 'JPEG']) {
      expect(sectionOf(group(label)), label).toBe('post-processing')
    }
    for (const label of ['Frequency Decomp.', 'Low-pass', 'High-pass', 'Phase Noise']) expect(sectionOf(group(label)), label).toBe('frequency')
    const overlay = group('Attack Overlay')
    expect(sectionOf(overlay)).toBe('adversarial')
    expect(slider(overlay, 'Attack Alpha').value).toBe('1')
    expect(slider(overlay, 'Original Alpha').value).toBe('1')
  })

  it('moves and resets scene parameters by their schema', () => {
    const { last, value } = setup({ params: { ...defaultSceneParams, textureInfluence: 0.3 } })
    const blur = screen.getByRole('slider', { name: 'Background Blur' }) as HTMLInputElement
    expect([blur.min, blur.max, blur.step, blur.value]).toEqual(['0', '1', '0.01', '0'])
    fireEvent.change(blur, { target: { value: '0.4' } })
    expect(last().params).toEqual({ ...defaultSceneParams, textureInfluence: 0.3, backgroundBlur: 0.4 })
    expect(last().chain).toBe(value.chain)
    fireEvent.click(screen.getByRole('button', { name: 'Reset Texture Influence' }))
    expect(last().params).toEqual({ ...defaultSceneParams })
  })
})

describe('Custom GLSL', () => {
  it('edits the snippet and shows its compile error under it', () => {
    const errors: PerturbationError[] = [{ perturbationId: 'custom-glsl', message: "'colr' : undeclared identifier", line: 2, log: '' }]
    const { entry, registry } = setup({}, { errors, sections: ['post-processing'] })
    const fields = group('Custom GLSL')
    const code = within(fields).getByRole('textbox', { name: 'GLSL (Custom GLSL)' }) as HTMLTextAreaElement
    expect(code.value).toBe(registry.require('custom-glsl').editableSource!.default)
    expect(code.getAttribute('aria-invalid')).toBe('true')
    const describedBy = document.getElementById(code.getAttribute('aria-describedby')!)!
    expect(describedBy.textContent).toBe("Line 2: 'colr' : undeclared identifier")
    fireEvent.change(code, { target: { value: 'color.rgb = 1.0 - color.rgb;' } })
    expect(entry('custom-glsl')).toMatchObject({ enabled: true, source: 'color.rgb = 1.0 - color.rgb;' })
    expect(slider(fields, 'Custom Parameter').value).toBe('1')
  })
})

describe('Adversarial Attack section', () => {
  const labels = ['tench', 'goldfish', 'tabby, tabby cat', 'tiger cat', 'Persian cat', 'catamaran', 'fire engine, fire truck', 'racer, race car']

  it('filters the target classes by the search text and picks one', () => {
    const { last } = setup({}, { labels, sections: ['adversarial'] })
    const search = screen.getByRole('combobox', { name: 'Target class' }) as HTMLInputElement
    expect(search.value).toBe('Untargeted (suppress the top class)')
    fireEvent.change(search, { target: { value: 'cat' } })
    const options = () => within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent)
    expect(options()).toEqual(['Untargeted (suppress the top class)', '2: tabby, tabby cat', '3: tiger cat', '4: Persian cat', '5: catamaran'])
    fireEvent.change(search, { target: { value: 'CAT tiger' } })
    expect(options()).toEqual(['Untargeted (suppress the top class)', '3: tiger cat'])
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(last().attack).toEqual({ ...defaultAttackSettings, target: 3 })
  })

  it('moves through matches with the arrow keys and goes back to untargeted', () => {
    const { last, onChange } = setup({ attack: { ...defaultAttackSettings, target: 6 } }, { labels, sections: ['adversarial'] })
    const search = screen.getByRole('combobox', { name: 'Target class' }) as HTMLInputElement
    expect(search.value).toBe('6: fire engine, fire truck')
    fireEvent.change(search, { target: { value: 'car' } })
    fireEvent.keyDown(search, { key: 'ArrowDown' })
    expect(search.getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: '7: racer, race car' }).id)
    fireEvent.keyDown(search, { key: 'Escape' })
    expect(onChange).not.toHaveBeenCalled()
    expect(search.value).toBe('6: fire engine, fire truck')
    fireEvent.click(search)
    fireEvent.mouseDown(screen.getByRole('option', { name: 'Untargeted (suppress the top class)' }))
    expect(last().attack.target).toBeNull()
  })

  it('sets ε in 1/255 for L∞ and resets it to the L2 default when the norm changes', () => {
    const { last } = setup({}, { labels, sections: ['adversarial'] })
    const epsilon = screen.getByRole('slider', { name: 'Epsilon' }) as HTMLInputElement
    expect(Number(epsilon.value)).toBeCloseTo(8 / 255, 12)
    expect(epsilon.getAttribute('aria-valuetext')).toBe('8/255')
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Epsilon value' }), { target: { value: '16' } })
    expect(last().attack.epsilon).toBeCloseTo(16 / 255, 12)
    fireEvent.click(screen.getByRole('radio', { name: 'L2' }))
    expect(last().attack).toEqual({ ...defaultAttackSettings, norm: 'l2', epsilon: defaultEpsilon('l2', 224, 224) })
  })

  it('picks the attacking model among the colour-coded models and runs a PGD step through the callback', () => {
    const onPgdStep = vi.fn()
    const { last, view } = setup({}, { labels, onPgdStep, attackModels: { edited: false }, sections: ['adversarial'] })
    expect((screen.getByRole('radio', { name: 'Edited Model' }) as HTMLInputElement).disabled).toBe(true)
    fireEvent.click(screen.getByRole('radio', { name: 'Model 2' }))
    expect(last().attack.model).toBe('model2')
    fireEvent.click(screen.getByRole('button', { name: 'PGD step' }))
    expect(onPgdStep).toHaveBeenCalledTimes(1)

    view.rerender(
      <PerturbationControls
        value={{ params: defaultSceneParams, chain: [], attack: defaultAttackSettings }}
        onChange={() => {}}
        labels={labels}
        onPgdStep={onPgdStep}
        attackStatus={{ busy: true, step: 2 }}
      />,
    )
    expect(screen.getByRole('button', { name: 'PGD step…' })).toHaveProperty('disabled', true)
  })
})

describe('Adversarial Attack section: issue 13, item 5', () => {
  it('names the section and the overlay in it differently', () => {
    setup({}, { sections: ['adversarial'] })
    expect(controlSectionLabels.adversarial).toBe('Adversarial Attack')
    expect(adversarialOverlay.label).toBe('Attack Overlay')
    expect(screen.getByText('Adversarial Attack', { selector: 'summary' })).toBeTruthy()
    expect(sectionOf(group('Attack Overlay'))).toBe('adversarial')
    expect(screen.queryAllByText('Adversarial Attack')).toHaveLength(1)
  })

  it('shows the expected time of a step once the runtime has timed it, with how it was picked on hover', () => {
    const { view } = setup({}, { sections: ['adversarial'] })
    expect(screen.queryByTestId('attack-step-estimate')).toBeNull()
    view.rerender(
      <PerturbationControls
        value={{ params: defaultSceneParams, chain: [], attack: defaultAttackSettings }}
        onChange={() => {}}
        sections={['adversarial']}
        attackStatus={{ estimate: { backend: 'cpu', stepMs: 183, reason: 'cpu: 183 ms per step; not timed: webgl: …' } }}
      />,
    )
    const estimate = screen.getByTestId('attack-step-estimate')
    expect(estimate.textContent).toBe("≈ 0.2 s per step on TF.js' cpu backend")
    expect(estimate.getAttribute('title')).toBe('cpu: 183 ms per step; not timed: webgl: …')
  })

  it('switches the "δ only" view (the overlay, Original Alpha 0) and names the factor δ is amplified by there', () => {
    const { last, entry, view, registry, value } = setup({}, { sections: ['adversarial'], attackStatus: { step: 3, deltaGain: 10 } })
    const deltaOnly = screen.getByRole('checkbox', { name: 'δ only, shown ×10' }) as HTMLInputElement
    expect(deltaOnly.checked).toBe(false)
    fireEvent.click(deltaOnly)
    expect(entry(adversarialOverlay.id)).toMatchObject({ enabled: true, params: { originalAlpha: 0 } })
    view.rerender(<PerturbationControls value={last()} onChange={() => {}} registry={registry} sections={['adversarial']} attackStatus={{ step: 3, deltaGain: 10 }} />)
    expect((screen.getByRole('checkbox', { name: 'δ only, shown ×10' }) as HTMLInputElement).checked).toBe(true)
    expect(value.chain).not.toBe(last().chain)
  })

  it('says what the L2 ε is in pixel terms, at the size of the frames attacked', () => {
    const epsilon = defaultEpsilon('l2', 112, 112)
    setup({ attack: { ...defaultAttackSettings, norm: 'l2', epsilon } }, { sections: ['adversarial'], attackStatus: { frameSize: [112, 112] } })
    const rms = (epsilon / Math.sqrt(3 * 112 * 112)) * 255
    expect(screen.getByTestId('attack-epsilon-hint').textContent).toBe(
      `ε = ${epsilon.toFixed(1)} (length of the whole change: every pixel channel changed by ${rms.toFixed(1)}/255 on average (RMS) at 112×112); one step = ε/8`,
    )
    expect((screen.getByRole('slider', { name: 'Epsilon' }) as HTMLInputElement).max).toBe(String(100 * 0.5)) // the 112 px scale
  })
})

describe('sensitivity indicators', () => {
  it('show each given derivative under its slider: a bar from the centre by sign and relative size, the number, and the words as its name', () => {
    const sensitivity = {
      'scene.yaw': { value: -0.031, relative: 1, label: 'd(dog logit)/d(Yaw) ≈ −0.031 per degree' },
      'scene.distance': { value: 0.5, relative: 0.25, label: 'd(dog logit)/d(Dolly) ≈ +0.5 per unit', stale: true },
      'perturbation.invert.amount': { value: 2, relative: 0.5, label: 'd(dog logit)/d(Invert · Amount) ≈ +2 per unit' },
    }
    setup({}, { sensitivity })
    const yaw = screen.getByRole('img', { name: 'd(dog logit)/d(Yaw) ≈ −0.031 per degree' })
    // right under the Yaw slider's row
    expect(within(yaw.previousElementSibling as HTMLElement).getByRole('slider', { name: 'Yaw' })).toBeTruthy()
    const bar = (indicator: HTMLElement) => within(indicator).getByTestId('sensitivity-bar').style
    expect([bar(yaw).left, bar(yaw).width]).toEqual(['0%', '50%'])
    expect(yaw.textContent).toBe('−0.031')
    expect(yaw.getAttribute('title')).toBe('d(dog logit)/d(Yaw) ≈ −0.031 per degree')
    const dolly = screen.getByRole('img', { name: /d\(Dolly\)/ })
    expect([bar(dolly).left, bar(dolly).width, dolly.style.opacity]).toEqual(['50%', '12.5%', '0.4'])
    const amount = within(group('Invert')).getByRole('img', { name: /Invert · Amount/ })
    expect([bar(amount).left, bar(amount).width, amount.textContent]).toEqual(['50%', '25%', '+2.0'])
    // parameters without a sensitivity show none
    expect(screen.getAllByRole('img', { name: /^d\(/ })).toHaveLength(3)
  })
})

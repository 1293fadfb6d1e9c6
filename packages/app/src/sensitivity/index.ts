/**
 * Sensitivity: the derivative of an output of the analysed model (its top class's logit, a class's,
 * or a channel's mean activation) with respect to every scene and perturbation parameter at the
 * current state, by finite differences rendered beside the live frame, computed when the user
 * pauses (`SensitivityTracker`) and shown under each slider.
 */
export { computeSensitivities, isAbort, type SensitivityOutput, type SensitivityOptions, type SensitivityResult, type SensitivityEntry, type ResolvedSensitivityOutput } from './sensitivity'
export { sensitivityParams, differenceStep, withParam, unitOf, STEP_FRACTION, type SensitivityTarget, type SensitivityParam, type SensitivityUnit, type DifferenceStep } from './params'
export { SensitivityTracker, type SensitivityTrackerState, type SensitivityTrackerOptions, type SensitivityStatus } from './SensitivityTracker'
export { sensitivityIndicators, describeSensitivity, describeStep, type SensitivityIndicators } from './indicators'
export { useSensitivityTracker, useSensitivityIndicators, useSensitivityState } from './useSensitivity'
export { SensitivityPanel, type SensitivityPanelProps } from './SensitivityPanel'

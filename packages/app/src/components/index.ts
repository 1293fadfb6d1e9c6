/**
 * `@perturber/app/components`: the app's building blocks for other layouts over a session:
 * the activation view, frame status, predictions column, view toggles, the sweep, batch and experiment panels, an error boundary per
 * column, and the app's styles.
 */
export { ActivationView, type ActivationViewProps } from './ActivationView'
export { FrameStatus } from './FrameStatus'
export { PredictionsColumn } from './PredictionsColumn'
export { ViewToggles, type ViewTogglesProps } from './ViewToggles'
export { ColumnBoundary, type ColumnBoundaryProps } from './ColumnBoundary'
export { appCss, AppStyles } from './appStyles'
export { SweepFigure, type SweepFigureProps } from './SweepFigure'
export { SweepPanel } from './SweepPanel'
export { BatchPanel } from './BatchPanel'
export { JobProgress } from './JobProgress'
export { YawFluctuationFigure } from './YawFluctuationFigure'
export { BackgroundDependenceFigure } from './BackgroundDependenceFigure'
export { RecognitionTable, type RecognitionTableProps } from './RecognitionTable'
export { ExperimentPanel } from './ExperimentPanel'
export { DatapathPanel } from './DatapathPanel'
export { CorruptionReport } from './CorruptionReport'

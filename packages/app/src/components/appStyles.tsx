/**
 * The app's layout: the paper's three columns (scene and controls | model comparison | predictions)
 * on a CSS grid, collapsing to two columns and then one below laptop widths. Colours and widths
 * are `--pa-*` custom properties so an embedding page can restyle it.
 *
 * The scene and the predictions stay in view while any control is used (the tool's loop: move a
 * slider, watch the frame and the numbers):
 * - wide (> 1100 px): the scene column is as tall as the window (sticky) and its controls scroll
 *   inside it under the scene; the predictions column is sticky too;
 * - two columns (721–1100 px): the same scene column on the left; predictions above the model
 *   comparison on the right, at the top of the page;
 * - one column (≤ 720 px): the page scrolls; the scene sticks to the top of the window while its
 *   controls pass under it, and the predictions dock at the bottom (their own place is last).
 * Windows too short for a sticky scene (≤ 560 px high) scroll the page as a whole.
 */
export const appCss = `
.pa-app {
  --pa-bg: #f4f5f7; --pa-panel: #ffffff; --pa-border: #d5d9de; --pa-fg: #1c1e21; --pa-muted: #5f6670; --pa-error: #b3261e;
  --pa-left: minmax(300px, 360px); --pa-right: minmax(240px, 300px);
  /* top of the columns below the header: the sticky columns fit the window below it at first */
  --pa-top-space: 48px; --pa-dock: 30vh;
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--pa-fg); background: var(--pa-bg);
  min-height: 100%; box-sizing: border-box; padding: 8px;
}
.pa-app *, .pa-app *::before, .pa-app *::after { box-sizing: border-box; }
.pa-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 8px; }
.pa-header h1 { font-size: 16px; margin: 0; }
.pa-toggles { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.pa-toggles label { display: inline-flex; gap: 4px; align-items: center; cursor: pointer; }
.pa-grid { display: grid; grid-template-columns: var(--pa-left) minmax(0, 1fr) var(--pa-right); gap: 8px; align-items: start; }
.pa-column { background: var(--pa-panel); border: 1px solid var(--pa-border); border-radius: 8px; padding: 8px; min-width: 0; display: flex; flex-direction: column; gap: 8px; }
.pa-column h2 { font-size: 13px; margin: 0; text-transform: uppercase; letter-spacing: 0.04em; color: var(--pa-muted); }
.pa-scene-canvas { width: 100%; max-width: 448px; border-radius: 6px; overflow: hidden; background: #000; cursor: grab; }
/* at most about half the window's height: the controls below keep room */
.pa-scene-view { position: relative; width: 100%; max-width: min(448px, 48vh); }
.pa-scene-pane { display: flex; flex-direction: column; gap: 8px; flex: none; }
.pa-scene-controls { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
.pa-drop-hint { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 16px; text-align: center; border: 3px dashed #fff; border-radius: 6px; background: rgba(28, 30, 33, 0.72); color: #fff; font-weight: 600; pointer-events: none; }
.pa-scene-view-dragging .pa-scene-canvas { outline: 3px solid var(--pz-accent, #3b6fb6); }
.pa-scene-canvas-hidden canvas { visibility: hidden; }
.pa-scene-frame { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 6px; pointer-events: none; }
.pa-status { color: var(--pa-muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.pa-notice { border: 1px solid #e0c36a; background: #fff8e1; border-radius: 6px; padding: 6px 10px; margin-bottom: 8px; }
.pa-error { border: 1px solid var(--pa-error); color: var(--pa-error); background: #fdecea; border-radius: 6px; padding: 6px 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
/* tops aligned: the Layer and Neurons pickers sit side by side, the neuron count below its picker */
.pa-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: start; }
.pa-off { color: var(--pa-muted); font-style: italic; }
/* the scene panel's labels and the attack's model choice fit the column (no "Background Satur…", no clipped "Edited Model") */
.pa-scene-controls .pz-row { grid-template-columns: minmax(0, 142px) minmax(48px, 1fr) 52px 22px; }
.pa-scene-controls .pz-row > label, .pa-scene-controls .pz-row-label { white-space: normal; overflow-wrap: anywhere; line-height: 1.2; }
.pa-scene-controls .pz-field:has(> .pz-segmented) { flex-wrap: wrap; }
.pa-scene-controls .pz-segmented { flex-wrap: wrap; max-width: 100%; }

/* wide: the scene column fits the window and scrolls its controls under the scene; predictions stick */
.pa-column-scene { position: sticky; top: 8px; max-height: calc(100vh - var(--pa-top-space)); overflow: hidden; }
.pa-column-scene > .pa-scene-controls { flex: 1 1 auto; overflow-y: auto; margin: 0 -8px -8px; padding: 0 8px 8px; }
.pa-column-predictions { position: sticky; top: 8px; max-height: calc(100vh - var(--pa-top-space)); overflow-y: auto; }
@media (max-width: 1100px) {
  .pa-grid { grid-template-columns: var(--pa-left) minmax(0, 1fr); }
  /* the scene column spans both rows of the right column: predictions above the model comparison */
  .pa-grid > .pa-column-scene { grid-column: 1; grid-row: 1 / span 2; }
  .pa-grid > .pa-column-predictions { grid-column: 2; grid-row: 1; position: static; max-height: none; }
  .pa-grid > .pa-column-models { grid-column: 2; grid-row: 2; }
}
@media (max-width: 720px) {
  /* a flex column, not a grid: sticky parts may then travel the whole page, not one grid row */
  .pa-grid { display: flex; flex-direction: column; align-items: stretch; }
  .pa-grid > .pa-column-scene { position: static; max-height: none; overflow: visible; }
  .pa-column-scene > .pa-scene-controls { overflow: visible; margin: 0; padding: 0; }
  .pa-scene-pane { position: sticky; top: 0; z-index: 2; margin: -8px -8px 0; padding: 8px; background: var(--pa-panel); border-radius: 8px 8px 0 0; box-shadow: 0 1px 0 var(--pa-border); }
  .pa-scene-view { max-width: min(448px, 34vh); }
  .pa-grid > .pa-column-predictions { position: sticky; bottom: 0; z-index: 2; max-height: var(--pa-dock); overflow-y: auto; box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.18); }
  /* docked, the numbers matter: the class examples (the scene is above) make room for them */
  .pa-column-predictions figure { display: none; }
  /* a control focused or scrolled to is not left under the scene or the predictions */
  .pa-scene-controls :is(input, select, button, textarea, summary) { scroll-margin: calc(34vh + 80px) 0 calc(var(--pa-dock) + 8px); }
}
@media (max-height: 560px) and (min-width: 721px) {
  .pa-grid > .pa-column-scene, .pa-grid > .pa-column-predictions { position: static; max-height: none; overflow: visible; }
  .pa-column-scene > .pa-scene-controls { overflow: visible; }
}
.pa-sweep { border-top: 1px solid var(--pa-border); padding-top: 6px; display: grid; gap: 6px; }
.pa-sweep > summary { font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--pa-muted); cursor: pointer; }
.pa-sweep[open] > summary { margin-bottom: 4px; }
.pa-sweep-actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.pa-sweep-import { cursor: pointer; text-decoration: underline; }
.pa-sweep-progress { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 12px; }
.pa-sweep-problem, .pa-sweep-progress [role=alert] { color: #a4262c; margin: 0; }
.pa-sweep-message { margin: 0; font-size: 12px; }
.pa-sweep-figure { display: grid; gap: 6px; justify-items: start; }
.pa-sweep-axis input[type=number] { width: 5.5em; }
`

/** Inserts the app's stylesheet once (React 19 hoists and dedupes `<style precedence>`). */
export function AppStyles() {
  return (
    <style href="perturber-app" precedence="default">
      {appCss}
    </style>
  )
}

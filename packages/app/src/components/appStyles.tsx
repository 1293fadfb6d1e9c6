/**
 * The app's layout: the paper's three columns (scene and controls | model comparison | predictions)
 * on a CSS grid, collapsing to two columns and then one below laptop widths. Colours and widths
 * are `--pa-*` custom properties so an embedding page can restyle it.
 */
export const appCss = `
.pa-app {
  --pa-bg: #f4f5f7; --pa-panel: #ffffff; --pa-border: #d5d9de; --pa-fg: #1c1e21; --pa-muted: #5f6670; --pa-error: #b3261e;
  --pa-left: minmax(280px, 340px); --pa-right: minmax(240px, 300px);
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
.pa-scene-view { position: relative; width: 100%; max-width: 448px; }
.pa-scene-canvas-hidden canvas { visibility: hidden; }
.pa-scene-frame { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 6px; pointer-events: none; }
.pa-status { color: var(--pa-muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.pa-notice { border: 1px solid #e0c36a; background: #fff8e1; border-radius: 6px; padding: 6px 10px; margin-bottom: 8px; }
.pa-error { border: 1px solid var(--pa-error); color: var(--pa-error); background: #fdecea; border-radius: 6px; padding: 6px 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.pa-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
.pa-off { color: var(--pa-muted); font-style: italic; }
@media (max-width: 1100px) {
  .pa-grid { grid-template-columns: var(--pa-left) minmax(0, 1fr); }
  .pa-grid > .pa-column:nth-child(3) { grid-column: 1 / -1; }
}
@media (max-width: 720px) {
  .pa-grid { grid-template-columns: minmax(0, 1fr); }
}
`

/** Inserts the app's stylesheet once (React 19 hoists and dedupes `<style precedence>`). */
export function AppStyles() {
  return (
    <style href="perturber-app" precedence="default">
      {appCss}
    </style>
  )
}

/**
 * A figure's layout: the scene (with its sliders under it) beside the predictions, wrapping to one
 * column in a narrow article. Colours and sizes read `--pf-*` custom properties with defaults
 * (`--pf-fg`, `--pf-muted`, `--pf-error`, `--pf-bg`, `--pf-scene-width`, `--pf-gap`): custom
 * properties inherit into the custom element's shadow root, so a host page restyles figures from outside.
 */
export const figureCss = `
.pf-figure {
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--pf-fg, #1c1e21); background: var(--pf-bg, transparent);
  display: flex; flex-direction: column; gap: 8px; box-sizing: border-box; min-width: 0;
}
.pf-figure *, .pf-figure *::before, .pf-figure *::after { box-sizing: border-box; }
.pf-body { display: flex; flex-wrap: wrap; gap: var(--pf-gap, 16px); align-items: flex-start; }
.pf-left { display: flex; flex-direction: column; gap: 6px; width: var(--pf-scene-width, 256px); max-width: 100%; }
.pf-canvas { width: 100%; aspect-ratio: 1; border-radius: 6px; overflow: hidden; background: #000; user-select: none; }
.pf-canvas canvas { display: block; width: 100%; height: 100%; }
.pf-controls { min-width: 0; }
.pf-controls .pz-row { grid-template-columns: minmax(80px, 34%) 1fr 56px 22px; }
.pf-predictions { flex: 1 1 300px; min-width: 0; }
.pf-activations { overflow-x: auto; }
.pf-footer { display: flex; flex-wrap: wrap; gap: 8px 16px; justify-content: space-between; color: var(--pf-muted, #5f6670); font-size: 12px; }
.pf-open { color: inherit; }
.pf-root .pa-status { color: var(--pf-muted, #5f6670); font-size: 12px; font-variant-numeric: tabular-nums; }
.pf-root .pa-off { color: var(--pf-muted, #5f6670); font-style: italic; }
.pf-root .pa-error, .pf-error {
  border: 1px solid var(--pf-error, #b3261e); color: var(--pf-error, #b3261e); background: #fdecea; border-radius: 6px; padding: 6px 10px;
  white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif;
}
.pf-loading { color: var(--pf-muted, #5f6670); font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; padding: 8px 0; }
`

/** Inserts the figure stylesheet once per document or shadow root (React 19 hoists and dedupes `<style precedence>`). */
export function FigureStyles() {
  return (
    <style href="perturber-figure" precedence="default">
      {figureCss}
    </style>
  )
}

import { modelColors } from './modelColors'

/**
 * The controls' stylesheet. Plain CSS (no CSS-in-JS runtime): class names are prefixed `pz-`, and
 * colours and sizes are custom properties, so a host page restyles the widgets by overriding
 * `--pz-*` on any ancestor. Pseudo-elements (slider thumbs) are why this cannot be inline styles.
 */
export const controlsCss = `
.pz-controls {
  --pz-model1: ${modelColors.model1};
  --pz-model2: ${modelColors.model2};
  --pz-edited: ${modelColors.edited};
  --pz-fg: #1c1e21;
  --pz-muted: #5f6670;
  --pz-border: #d5d9de;
  --pz-bg: #ffffff;
  --pz-error: #b3261e;
  --pz-accent: #3b6fb6;
  --pz-track: #d5d9de;
  font: 12px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif;
  color: var(--pz-fg);
  display: flex;
  flex-direction: column;
  gap: 8px;
  min-width: 260px;
}
.pz-controls fieldset { border: 1px solid var(--pz-border); border-radius: 6px; margin: 0; padding: 6px 8px 8px; min-width: 0; }
.pz-controls legend { padding: 0 4px; font-weight: 600; }
.pz-section > summary { cursor: pointer; font-weight: 700; font-size: 13px; padding: 4px 0; }
.pz-section-body { display: flex; flex-direction: column; gap: 6px; padding-left: 2px; }
.pz-subheading { margin: 4px 0 0; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--pz-muted); }
.pz-row { display: grid; grid-template-columns: minmax(90px, 38%) 1fr 64px 22px; align-items: center; gap: 6px; }
/* long labels ("Background saturation") wrap rather than being cut off */
.pz-row > label, .pz-row-label { overflow-wrap: anywhere; line-height: 1.2; }
.pz-row input[type='range'] { width: 100%; margin: 0; accent-color: var(--pz-row-accent, var(--pz-accent)); }
.pz-row input[type='number'], .pz-field input[type='number'] { width: 100%; box-sizing: border-box; font: inherit; padding: 1px 3px; }
.pz-row output { font-variant-numeric: tabular-nums; text-align: right; }
.pz-reset { width: 22px; height: 20px; padding: 0; border: 1px solid var(--pz-border); border-radius: 4px; background: var(--pz-bg); cursor: pointer; font-size: 12px; line-height: 1; }
.pz-reset:disabled { opacity: 0.35; cursor: default; }
.pz-button { font: inherit; padding: 3px 10px; border: 1px solid var(--pz-border); border-radius: 4px; background: var(--pz-bg); cursor: pointer; }
.pz-button:disabled { opacity: 0.5; cursor: default; }
.pz-button-primary { background: var(--pz-accent); border-color: var(--pz-accent); color: #fff; font-weight: 600; }
.pz-field { display: flex; align-items: center; gap: 6px; }
.pz-field > label:first-child, .pz-field > span:first-child { min-width: 70px; }
.pz-field select, .pz-field input[type='text'], .pz-field input[type='url'] { flex: 1; min-width: 0; font: inherit; }
.pz-hint { color: var(--pz-muted); margin: 0; }
.pz-error { color: var(--pz-error); margin: 0; white-space: pre-wrap; }
.pz-slot { border-left: 4px solid var(--pz-slot-color); }
.pz-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; background: var(--pz-swatch); margin-right: 4px; vertical-align: -1px; }
.pz-segmented { display: inline-flex; border: 1px solid var(--pz-border); border-radius: 4px; overflow: hidden; }
.pz-segmented label { padding: 2px 8px; cursor: pointer; display: inline-flex; align-items: center; gap: 3px; }
.pz-segmented label + label { border-left: 1px solid var(--pz-border); }
.pz-segmented input { margin: 0; }
.pz-progress { display: flex; align-items: center; gap: 6px; }
.pz-progress progress { flex: 1; }
.pz-code { width: 100%; box-sizing: border-box; min-height: 72px; font: 11px/1.35 ui-monospace, 'SFMono-Regular', Menlo, monospace; tab-size: 2; }
.pz-code[aria-invalid='true'] { border-color: var(--pz-error); }
.pz-scroll { max-height: 420px; overflow-y: auto; display: flex; flex-direction: column; gap: 4px; padding-right: 4px; }
.pz-ends { display: flex; justify-content: space-between; font-size: 11px; color: var(--pz-muted); }

/* Two native range inputs stacked on one track: only their thumbs take the pointer. */
.pz-dual { position: relative; height: 18px; }
.pz-dual-track { position: absolute; left: 0; right: 0; top: 7px; height: 4px; border-radius: 2px; background: var(--pz-track); }
.pz-dual-fill { position: absolute; top: 0; bottom: 0; border-radius: 2px; background: var(--pz-dual-color, var(--pz-edited)); }
.pz-dual input[type='range'] { position: absolute; left: 0; top: 0; width: 100%; height: 18px; margin: 0; background: none; pointer-events: none; -webkit-appearance: none; appearance: none; }
.pz-dual input[type='range']::-webkit-slider-runnable-track { background: none; height: 18px; }
.pz-dual input[type='range']::-moz-range-track { background: none; }
.pz-dual input[type='range']::-webkit-slider-thumb { pointer-events: auto; -webkit-appearance: none; appearance: none; width: 12px; height: 18px; border-radius: 3px; background: var(--pz-bg); border: 2px solid var(--pz-dual-color, var(--pz-edited)); box-sizing: border-box; cursor: ew-resize; }
.pz-dual input[type='range']::-moz-range-thumb { pointer-events: auto; width: 12px; height: 18px; border-radius: 3px; background: var(--pz-bg); border: 2px solid var(--pz-dual-color, var(--pz-edited)); box-sizing: border-box; cursor: ew-resize; }
.pz-dual input[type='range']:focus-visible::-webkit-slider-thumb { outline: 2px solid var(--pz-accent); outline-offset: 1px; }
.pz-dual input[type='range']:focus-visible::-moz-range-thumb { outline: 2px solid var(--pz-accent); outline-offset: 1px; }

/* Searchable class picker (ARIA combobox + listbox). */
.pz-combobox { position: relative; flex: 1; min-width: 0; }
.pz-combobox input { width: 100%; box-sizing: border-box; font: inherit; }
.pz-listbox { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; max-height: 220px; overflow-y: auto; margin-top: 2px; padding: 2px 0; background: var(--pz-bg); border: 1px solid var(--pz-border); border-radius: 4px; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.12); }
.pz-listbox ul { list-style: none; margin: 0; padding: 0; }
.pz-listbox .pz-hint { padding: 2px 8px; }
.pz-listbox li { padding: 2px 8px; cursor: pointer; }
.pz-listbox li[aria-selected='true'] { font-weight: 600; }
.pz-listbox li[data-active='true'] { background: #e8eef7; }
`

/**
 * Puts the stylesheet in the document head once, however many widgets render it (React 19
 * hoists and deduplicates `<style>` elements by `href`).
 */
export function ControlStyles() {
  return (
    <style href="perturber-viz-controls" precedence="default">
      {controlsCss}
    </style>
  )
}
